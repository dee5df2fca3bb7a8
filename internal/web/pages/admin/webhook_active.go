package admin

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// WebhookActive switches an endpoint on or off (form field active =
// "on" or "off").
func (s *Handler) WebhookActive(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	on := c.FormValue("active") == "on"
	if err := s.Webhooks.SetActive(c.Request().Context(), httpx.ActorOf(c), id, on); err != nil {
		return err
	}
	s.Logger(c).Info("webhook endpoint switched", slog.Int64("endpoint", id), slog.Bool("active", on), slog.Int64("by", httpx.CurrentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/webhooks/"+strconv.FormatInt(id, 10))
}
