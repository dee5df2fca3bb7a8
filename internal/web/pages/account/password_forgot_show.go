package account

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// PasswordForgotShow shows the form that asks for a password reset link.
func (s *Handler) PasswordForgotShow(c echo.Context) error {
	p := passwordForgotPage{Meta: s.Meta("Forgot your password?", "", "")}
	return s.RenderPage(c, http.StatusOK, "password_forgot", p)
}
