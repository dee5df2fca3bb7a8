package account

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// LoginShow shows the login form. An editor who is signed in already
// (every page's footer offers "Sign in") goes on to where the form would
// have sent them: another form would only start a second session.
func (s *Handler) LoginShow(c echo.Context) error {
	next := httpx.LocalPath(c.QueryParam("next"))
	if httpx.CurrentSession(c) != nil {
		return c.Redirect(http.StatusSeeOther, next)
	}
	p := loginPage{Meta: s.Meta("Sign in", "", ""), Next: next}
	if c.QueryParam("reset") == "done" {
		p.Notice = "Your password was changed and every session of your account was ended. Sign in with the new password."
	}
	return s.RenderPage(c, http.StatusOK, "login", p)
}
