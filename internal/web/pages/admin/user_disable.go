package admin

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserDisable disables a user from the admin page.
func (s *Handler) UserDisable(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.Users.DisableUser(c.Request().Context(), id); err != nil {
		return s.adminUsersFailed(c, err, nil)
	}
	s.Logger(c).Info("user disabled", slog.Int64("user_id", id), slog.Int64("by", httpx.CurrentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/users?done=disabled")
}
