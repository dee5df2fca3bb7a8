package account

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// LoginCreate checks the login form and opens a session. An unknown email
// and a wrong password get the same page, status and wording; throttled
// tries get 429 even with the right password, unless the browser holds the
// account's device cookie from an earlier login.
func (s *Handler) LoginCreate(c echo.Context) error {
	email, next := c.FormValue("email"), httpx.LocalPath(c.FormValue("next"))
	addr := s.clientAddr(c.Request())
	sess, u, device, err := s.Auth.LoginDevice(c.Request().Context(), email, c.FormValue("password"), httpx.AddrGroup(addr), s.deviceToken(c))
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 {
			return err
		}
		// Neither the email nor the password is logged: people type
		// passwords into the email field.
		s.Logger(c).Warn("login failed", slog.String("reason", ce.Code), slog.String("client", addr))
		p := loginPage{Meta: s.Meta("Sign in", "", ""), Email: email, Next: next, Error: &view.FormError{Message: ce.Message}}
		return s.RenderPage(c, status, "login", p)
	}
	// A session the browser already had (perhaps planted by someone else)
	// ends here: only the new id is valid after login.
	if old := s.sessionToken(c); old != "" {
		if err := s.Auth.Logout(c.Request().Context(), old); err != nil {
			return err
		}
	}
	s.Logger(c).Info("login", slog.Int64("user_id", u.ID), slog.String("role", string(u.Role)), slog.String("client", addr))
	s.setSessionCookie(c, sess.Token)
	s.setDeviceCookie(c, device)
	return c.Redirect(http.StatusSeeOther, next)
}
