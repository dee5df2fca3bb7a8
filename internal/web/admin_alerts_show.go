package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminAlertsShow serves GET /admin/alerts: the outbox by state, recent
// failures with the SMTP server's reply, and subscribers per story and
// claim.
func (s *Server) adminAlertsShow(c echo.Context) error {
	o, err := s.alerts.AdminView(c.Request().Context())
	if err != nil {
		return err
	}
	return s.renderEditor(c, http.StatusOK, "admin_alerts", newAdminAlertsPage(s.meta("Alerts", "", ""), editorBarOf(c), o))
}
