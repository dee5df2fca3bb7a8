package follow

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// ConfirmCreate confirms a subscription (the button of the
// confirmation page) and links to the address's manage page.
func (s *Handler) ConfirmCreate(c echo.Context) error {
	t, manage, err := s.Alerts.Confirm(c.Request().Context(), c.Param("token"))
	if err != nil {
		return s.confirmLinkRefused(c, err)
	}
	p := subscriptionConfirmPage{Meta: s.Meta("You're subscribed", "", ""), Done: true, Target: view.NewTarget(*t),
		ManageURL: site.ManagePath(manage)}
	return s.renderTokenPage(c, http.StatusOK, "subscription_confirm", p)
}
