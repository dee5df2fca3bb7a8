package account

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// LoginShow shows the login form.
func (s *Handler) LoginShow(c echo.Context) error {
	p := loginPage{Meta: s.Meta("Sign in", "", ""), Next: httpx.LocalPath(c.QueryParam("next"))}
	if c.QueryParam("reset") == "done" {
		p.Notice = "Your password was changed and every session of your account was ended. Sign in with the new password."
	}
	return s.RenderPage(c, http.StatusOK, "login", p)
}
