package admin

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// WebhookShow serves GET /admin/webhooks/:id: an endpoint and its
// delivery log.
func (s *Handler) WebhookShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	e, log, err := s.Webhooks.Endpoint(c.Request().Context(), id)
	if err != nil {
		return err
	}
	p := adminWebhookPage{Meta: s.Meta("Webhook "+e.URL, "", ""), Bar: view.EditorBarOf(c), Endpoint: newAdminWebhookRow(e),
		Deliveries: newAdminDeliveryRows(log)}
	return s.RenderEditor(c, http.StatusOK, "admin_webhook", p)
}
