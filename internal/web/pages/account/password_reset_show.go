package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// passwordResetShow shows the form that sets a new password with a reset
// link, or a page saying the link no longer works. Looking does not use
// the link up: mail scanners open links before people do.
func (s *Server) passwordResetShow(c echo.Context) error {
	token := c.Param("token")
	u, err := s.auth.CheckPasswordReset(c.Request().Context(), token)
	if err != nil {
		return s.resetLinkRefused(c, err)
	}
	p := passwordResetPage{Meta: s.meta("Choose a new password", "", ""), Token: token, Email: u.Email}
	return s.renderEditor(c, http.StatusOK, "password_reset", p)
}

// resetLinkRefused shows the page for a reset link that no longer works,
// with a way to ask for another; other errors go to the error page.
func (s *Server) resetLinkRefused(c echo.Context, err error) error {
	status, ce := httpx.ErrorStatus(err)
	if status >= 500 || ce.Fields["token"] == "" {
		return err
	}
	p := passwordResetPage{Meta: s.meta("This link no longer works", "", ""), Expired: true,
		Error: &formError{Message: ce.Message}}
	return s.renderEditor(c, http.StatusGone, "password_reset", p)
}
