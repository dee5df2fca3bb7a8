package admin

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// UserCreate creates a user from the admin page's form.
func (s *Handler) UserCreate(c echo.Context) error {
	form := struct{ Email, Name, Role string }{c.FormValue("email"), c.FormValue("name"), c.FormValue("role")}
	u, err := s.Users.CreateUser(c.Request().Context(), form.Email, form.Name, auth.Role(form.Role), c.FormValue("password"))
	if err != nil {
		return s.adminUsersFailed(c, err, &form)
	}
	s.Logger(c).Info("user created", slog.Int64("user_id", u.ID), slog.String("role", string(u.Role)),
		slog.Int64("by", httpx.CurrentUser(c).ID))
	return c.Redirect(http.StatusSeeOther, "/admin/users?done=created")
}
