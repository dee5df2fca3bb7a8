package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// loginShow shows the login form.
func (s *Server) loginShow(c echo.Context) error {
	p := loginPage{Meta: s.meta("Sign in", "", ""), Next: localPath(c.QueryParam("next"))}
	return s.renderPage(c, http.StatusOK, "login", p)
}
