package web

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

// adminUserDisable disables a user from the admin page.
func (s *Server) adminUserDisable(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := s.auth.DisableUser(c.Request().Context(), id); err != nil {
		return s.adminUsersFailed(c, err, nil)
	}
	s.logger(c).Info("user disabled", slog.Int64("user_id", id), slog.Int64("by", currentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/users?done=disabled")
}
