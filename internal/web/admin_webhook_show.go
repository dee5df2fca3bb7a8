package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// adminWebhookShow serves GET /admin/webhooks/:id: an endpoint and its
// delivery log.
func (s *Server) adminWebhookShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	e, log, err := s.webhooks.Endpoint(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p := adminWebhookPage{Meta: s.meta("Webhook "+e.URL, "", ""), Bar: editorBarOf(c), Endpoint: newAdminWebhookRow(e),
		Deliveries: newAdminDeliveryRows(log)}
	return s.renderEditor(c, http.StatusOK, "admin_webhook", p)
}
