package admin

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserPassword sets a user's password from the admin page. The user's
// sessions end, except the admin's own current one when they reset their
// own password.
func (s *Handler) UserPassword(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	var keep int64
	if me := httpx.CurrentUser(c); me.ID == id {
		keep = httpx.CurrentSessionID(c)
	}
	if err := s.Users.SetPassword(c.Request().Context(), id, c.FormValue("password"), keep); err != nil {
		return s.adminUsersFailed(c, err, nil)
	}
	s.Logger(c).Info("password set", slog.Int64("user_id", id), slog.Int64("by", httpx.CurrentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/users?done=password")
}
