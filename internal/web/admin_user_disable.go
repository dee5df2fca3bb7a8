package web

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// adminUserDisable disables a user from the admin page.
func (s *Server) adminUserDisable(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.auth.DisableUser(c.Request().Context(), id); err != nil {
		return s.adminUsersFailed(c, err, nil)
	}
	s.logger(c).Info("user disabled", slog.Int64("user_id", id), slog.Int64("by", httpx.CurrentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/users?done=disabled")
}
