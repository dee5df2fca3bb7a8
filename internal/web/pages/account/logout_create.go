package web

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// logoutCreate ends the session on the server, so a copied cookie stops
// working, and clears the cookie.
func (s *Server) logoutCreate(c echo.Context) error {
	if s.auth != nil {
		if err := s.auth.Logout(c.Request().Context(), s.sessionToken(c)); err != nil {
			return err
		}
	}
	if u := httpx.CurrentUser(c); u != nil {
		s.logger(c).Info("logout", slog.Int64("user_id", u.ID))
	}
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/")
}
