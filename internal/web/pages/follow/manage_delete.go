package follow

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// ManageDelete forgets the address: its subscriptions and
// tokens go, so the answer is a page of its own rather than a redirect to
// a manage page that no longer exists.
func (s *Handler) ManageDelete(c echo.Context) error {
	if err := s.Alerts.DeleteAddress(c.Request().Context(), c.Param("token")); err != nil {
		return s.manageLinkRefused(c, err)
	}
	p := subscriptionManagePage{Meta: s.Meta("Your address is deleted", "", ""), Deleted: true}
	return s.renderTokenPage(c, http.StatusOK, "subscription_manage", p)
}
