package account

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// PasswordResetCreate sets a new password with a reset link and sends the
// user to sign in with it. The two fields must match; a refused password
// keeps the link usable.
func (s *Handler) PasswordResetCreate(c echo.Context) error {
	ctx := c.Request().Context()
	token, password := c.Param("token"), c.FormValue("password")
	if password != c.FormValue("password_again") {
		u, err := s.Auth.CheckPasswordReset(ctx, token)
		if err != nil {
			return s.resetLinkRefused(c, err)
		}
		msg := "The two passwords differ: type the same one twice."
		p := s.resetPage(token, u.Email, &view.FormError{Message: msg, Fields: map[string]string{"password_again": msg}})
		return s.RenderEditor(c, http.StatusUnprocessableEntity, "password_reset", p)
	}
	u, err := s.Auth.ResetPassword(ctx, token, password, c.FormValue("revoke_tokens") != "")
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 || ce.Fields["password"] == "" {
			return s.resetLinkRefused(c, err)
		}
		return s.RenderEditor(c, status, "password_reset", s.resetPage(token, "", &view.FormError{Message: ce.Message, Fields: ce.Fields}))
	}
	s.Logger(c).Info("password reset", slog.Int64("user_id", u.ID), slog.String("client", s.clientAddr(c.Request())))
	// A session the browser had belongs to the old password: it has ended.
	s.clearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login?reset=done")
}
