package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// setupShow shows the form that creates the first admin. Once anyone has an
// account the link is refused; whether the token itself is valid is only
// checked when the form is sent, where it is burnt.
func (s *Server) setupShow(c echo.Context) error {
	if err := s.setupOpen(c); err != nil {
		return err
	}
	p := setupPage{Meta: s.meta("Set up claimtrack", "", ""), Token: c.Param("token")}
	return s.renderPage(c, http.StatusOK, "setup", p)
}

// setupOpen returns EFORBIDDEN once users exist (ENOTFOUND without
// accounts at all).
func (s *Server) setupOpen(c echo.Context) error {
	if s.auth == nil {
		return claims.Errorf(claims.ENOTFOUND, "accounts are not enabled")
	}
	n, err := s.auth.UserCount(c.Request().Context())
	if err != nil {
		return err
	}
	if n > 0 {
		return claims.Errorf(claims.EFORBIDDEN, "Setup is complete: sign in instead.")
	}
	return nil
}
