package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// subscriptionConfirmShow shows what a confirmation link would confirm,
// with a button; opening it changes nothing, as mail scanners open links.
func (s *Server) subscriptionConfirmShow(c echo.Context) error {
	token := c.Param("token")
	t, err := s.alerts.PendingConfirmation(c.Request().Context(), token)
	if err != nil {
		return s.confirmLinkRefused(c, err)
	}
	p := subscriptionConfirmPage{Meta: s.meta("Confirm your alerts", "", ""), Token: token, Target: newTargetView(*t)}
	return s.renderTokenPage(c, http.StatusOK, "subscription_confirm", p)
}

// confirmLinkRefused shows the page for a confirmation link that is
// unknown, used or expired (410), with the way to subscribe again; other
// errors go to the error page.
func (s *Server) confirmLinkRefused(c echo.Context, err error) error {
	msg, ok := linkRefused(err)
	if !ok {
		return err
	}
	p := subscriptionConfirmPage{Meta: s.meta("This link no longer works", "", ""), Expired: true, Message: msg}
	return s.renderTokenPage(c, http.StatusGone, "subscription_confirm", p)
}
