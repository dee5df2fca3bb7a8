package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// subscriptionConfirmCreate confirms a subscription (the button of the
// confirmation page) and links to the address's manage page.
func (s *Server) subscriptionConfirmCreate(c echo.Context) error {
	t, manage, err := s.alerts.Confirm(c.Request().Context(), c.Param("token"))
	if err != nil {
		return s.confirmLinkRefused(c, err)
	}
	p := subscriptionConfirmPage{Meta: s.meta("You're subscribed", "", ""), Done: true, Target: newTargetView(*t),
		ManageURL: managePath(manage)}
	return s.renderTokenPage(c, http.StatusOK, "subscription_confirm", p)
}
