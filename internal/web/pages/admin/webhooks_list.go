package admin

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// WebhooksList serves GET /admin/webhooks: the registered endpoints and
// the form to add one.
func (s *Handler) WebhooksList(c echo.Context) error {
	return s.renderAdminWebhooks(c, http.StatusOK, nil, "", nil, "", nil)
}

// renderAdminWebhooks renders the list; created and secret show a new
// endpoint's secret once; url, kinds and ferr refill a refused form.
func (s *Handler) renderAdminWebhooks(c echo.Context, status int, created *adminWebhookRow, secret string, ferr *view.FormError, url string, kinds []string) error {
	list, err := s.Webhooks.Endpoints(c.Request().Context())
	if err != nil {
		return err
	}
	p := adminWebhooksPage{Meta: s.Meta("Webhooks", "", ""), Bar: view.EditorBarOf(c), Kinds: adminWebhookKinds(kinds),
		FormURL: url, Created: created, Secret: secret, Error: ferr}
	for i := range list {
		p.Endpoints = append(p.Endpoints, newAdminWebhookRow(&list[i]))
	}
	return s.RenderEditor(c, status, "admin_webhooks", p)
}
