package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// loginShow shows the login form.
func (s *Server) loginShow(c echo.Context) error {
	p := loginPage{Meta: s.meta("Sign in", "", ""), Next: httpx.LocalPath(c.QueryParam("next"))}
	if c.QueryParam("reset") == "done" {
		p.Notice = "Your password was changed and every session of your account was ended. Sign in with the new password."
	}
	return s.renderPage(c, http.StatusOK, "login", p)
}
