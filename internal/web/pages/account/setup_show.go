package account

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// SetupShow shows the form that creates the first admin. Once anyone has an
// account the link is refused; whether the token itself is valid is only
// checked when the form is sent, where it is burnt.
func (s *Handler) SetupShow(c echo.Context) error {
	if err := s.setupOpen(c); err != nil {
		return err
	}
	p := setupPage{Meta: s.Meta("Set up claimtrack", "", ""), Token: c.Param("token")}
	return s.RenderPage(c, http.StatusOK, "setup", p)
}

// setupOpen returns EFORBIDDEN once users exist (ENOTFOUND without
// accounts at all).
func (s *Handler) setupOpen(c echo.Context) error {
	if s.Auth == nil {
		return claims.Errorf(claims.ENOTFOUND, "accounts are not enabled")
	}
	n, err := s.Auth.UserCount(c.Request().Context())
	if err != nil {
		return err
	}
	if n > 0 {
		return claims.Errorf(claims.EFORBIDDEN, "Setup is complete: sign in instead.")
	}
	return nil
}
