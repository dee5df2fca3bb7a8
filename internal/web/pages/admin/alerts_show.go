package admin

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// AlertsShow serves GET /admin/alerts: the outbox by state, recent
// failures with the SMTP server's reply, and subscribers per story and
// claim.
func (s *Handler) AlertsShow(c echo.Context) error {
	o, err := s.Alerts.AdminView(c.Request().Context())
	if err != nil {
		return err
	}
	return s.RenderEditor(c, http.StatusOK, "admin_alerts", newAdminAlertsPage(s.Meta("Alerts", "", ""), view.EditorBarOf(c), o))
}
