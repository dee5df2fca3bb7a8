package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UnsubscribePattern is the one-click unsubscribe route in net/http's
// pattern syntax, for the cross-origin check's exemption (server.go).
const UnsubscribePattern = "/unsubscribe/{token}"

// UnsubscribeCreate ends the subscription an unsubscribe link names: the
// page's button, and RFC 8058 one-click posts that mail providers send from
// their own servers with no cookie and no CSRF token. It answers 200 every
// time, the first and any repeat.
func (s *Handler) UnsubscribeCreate(c echo.Context) error {
	return httpx.ByToken(c, s.Alerts.Unsubscribe, s.unsubscribeRefused, func(token string, u *alerts.Unsubscription) error {
		return s.renderTokenPage(c, http.StatusOK, "unsubscribe", newUnsubscribePage(s.Meta("You're unsubscribed", "", ""), token, u, true))
	})
}
