package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminWebhooksList serves GET /admin/webhooks: the registered endpoints and
// the form to add one.
func (s *Server) adminWebhooksList(c echo.Context) error {
	return s.renderAdminWebhooks(c, http.StatusOK, nil, "", nil, "", nil)
}

// renderAdminWebhooks renders the list; created and secret show a new
// endpoint's secret once; url, kinds and ferr refill a refused form.
func (s *Server) renderAdminWebhooks(c echo.Context, status int, created *adminWebhookRow, secret string, ferr *formError, url string, kinds []string) error {
	list, err := s.webhooks.Endpoints(c.Request().Context())
	if err != nil {
		return err
	}
	p := adminWebhooksPage{Meta: s.meta("Webhooks", "", ""), Bar: editorBarOf(c), Kinds: adminWebhookKinds(kinds),
		FormURL: url, Created: created, Secret: secret, Error: ferr}
	for i := range list {
		p.Endpoints = append(p.Endpoints, newAdminWebhookRow(&list[i]))
	}
	return s.renderEditor(c, status, "admin_webhooks", p)
}
