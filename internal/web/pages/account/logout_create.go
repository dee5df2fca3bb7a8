package account

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// LogoutCreate ends the session on the server, so a copied cookie stops
// working, and clears the cookie.
func (s *Handler) LogoutCreate(c echo.Context) error {
	if s.Auth != nil {
		if err := s.Auth.Logout(c.Request().Context(), s.sessionToken(c)); err != nil {
			return err
		}
	}
	if u := httpx.CurrentUser(c); u != nil {
		s.Logger(c).Info("logout", slog.Int64("user_id", u.ID))
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}
