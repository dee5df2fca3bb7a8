package follow

import (
	"net/http"

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
	token := c.Param("token")
	u, err := s.Alerts.Unsubscribe(c.Request().Context(), token)
	if err != nil {
		return s.unsubscribeRefused(c, err)
	}
	return s.renderTokenPage(c, http.StatusOK, "unsubscribe", newUnsubscribePage(s.Meta("You're unsubscribed", "", ""), token, u, true))
}
