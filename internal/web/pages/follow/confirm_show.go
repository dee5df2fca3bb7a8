package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ConfirmShow shows what a confirmation link would confirm,
// with a button; opening it changes nothing, as mail scanners open links.
func (s *Handler) ConfirmShow(c echo.Context) error {
	token := c.Param("token")
	t, err := s.Alerts.PendingConfirmation(c.Request().Context(), token)
	if err != nil {
		return s.confirmLinkRefused(c, err)
	}
	p := subscriptionConfirmPage{Meta: s.Meta("Confirm your alerts", "", ""), Token: token, Target: view.NewTarget(*t)}
	return s.renderTokenPage(c, http.StatusOK, "subscription_confirm", p)
}

// confirmLinkRefused shows the page for a confirmation link that is
// unknown, used or expired (410), with the way to subscribe again; other
// errors go to the error page.
func (s *Handler) confirmLinkRefused(c echo.Context, err error) error {
	msg, ok := linkRefused(err)
	if !ok {
		return err
	}
	p := subscriptionConfirmPage{Meta: s.Meta("This link no longer works", "", ""), Expired: true, Message: msg}
	return s.renderTokenPage(c, http.StatusGone, "subscription_confirm", p)
}
