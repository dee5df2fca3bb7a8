package web

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// passwordResetCreate sets a new password with a reset link and sends the
// user to sign in with it. The two fields must match; a refused password
// keeps the link usable.
func (s *Server) passwordResetCreate(c echo.Context) error {
	ctx := c.Request().Context()
	token, password := c.Param("token"), c.FormValue("password")
	if password != c.FormValue("password_again") {
		u, err := s.auth.CheckPasswordReset(ctx, token)
		if err != nil {
			return s.resetLinkRefused(c, err)
		}
		msg := "The two passwords differ: type the same one twice."
		p := passwordResetPage{Meta: s.meta("Choose a new password", "", ""), Token: token, Email: u.Email,
			Error: &formError{Message: msg, Fields: map[string]string{"password_again": msg}}}
		return s.renderEditor(c, http.StatusUnprocessableEntity, "password_reset", p)
	}
	u, err := s.auth.ResetPassword(ctx, token, password, c.FormValue("revoke_tokens") != "")
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 || ce.Fields["password"] == "" {
			return s.resetLinkRefused(c, err)
		}
		p := passwordResetPage{Meta: s.meta("Choose a new password", "", ""), Token: token,
			Error: &formError{Message: ce.Message, Fields: ce.Fields}}
		return s.renderEditor(c, status, "password_reset", p)
	}
	s.logger(c).Info("password reset", slog.Int64("user_id", u.ID), slog.String("client", s.clientAddr(c.Request())))
	// A session the browser had belongs to the old password: it has ended.
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login?reset=done")
}
