package admin

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// WebhookCreate registers an endpoint from the admin form and shows its
// signing secret, once.
func (s *Handler) WebhookCreate(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	url, kinds := form.Get("url"), form["kinds"]
	e, err := s.Webhooks.CreateEndpoint(c.Request().Context(), httpx.ActorOf(c), url, kinds)
	if err != nil {
		status, ferr, ierr := adminFormFailure(err)
		if ierr != nil {
			return ierr
		}
		return s.renderAdminWebhooks(c, status, nil, "", ferr, url, kinds)
	}
	s.Logger(c).Info("webhook endpoint registered", slog.Int64("endpoint", e.ID), slog.Int64("by", httpx.CurrentUser(c).ID))
	row := newAdminWebhookRow(e)
	return s.renderAdminWebhooks(c, http.StatusCreated, &row, e.Secret, nil, "", nil)
}
