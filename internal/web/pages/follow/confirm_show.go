package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ConfirmShow shows what a confirmation link would confirm,
// with a button; opening it changes nothing, as mail scanners open links.
func (s *Handler) ConfirmShow(c echo.Context) error {
	return httpx.ByToken(c, s.Alerts.PendingConfirmation, s.confirmLinkRefused, func(token string, t *alerts.Target) error {
		p := subscriptionConfirmPage{Meta: s.Meta("Confirm your alerts", "", ""), Token: token, Target: view.NewTarget(*t)}
		return s.renderTokenPage(c, http.StatusOK, "subscription_confirm", p)
	})
}
