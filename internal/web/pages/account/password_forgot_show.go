package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// passwordForgotShow shows the form that asks for a password reset link.
func (s *Server) passwordForgotShow(c echo.Context) error {
	p := passwordForgotPage{Meta: s.meta("Forgot your password?", "", "")}
	return s.renderPage(c, http.StatusOK, "password_forgot", p)
}
