package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UnsubscribeShow shows what an unsubscribe link ends, with a button;
// opening it changes nothing, as mail scanners open links.
func (s *Handler) UnsubscribeShow(c echo.Context) error {
	return httpx.ByToken(c, s.Alerts.UnsubscribeInfo, s.unsubscribeRefused, func(token string, u *alerts.Unsubscription) error {
		title := "Unsubscribe"
		if u.Ended {
			title = "You're unsubscribed"
		}
		return s.renderTokenPage(c, http.StatusOK, "unsubscribe", newUnsubscribePage(s.Meta(title, "", ""), token, u, false))
	})
}
