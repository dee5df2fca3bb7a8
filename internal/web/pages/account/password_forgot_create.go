package account

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// PasswordForgotCreate queues a reset mail, which the mail worker sends,
// answering with the same page, status and wording whether or not the
// address has an account. Only a malformed address or too many requests
// get another answer, and neither depends on the account.
func (s *Handler) PasswordForgotCreate(c echo.Context) error {
	email := c.FormValue("email")
	addr := s.clientAddr(c.Request())
	u, err := s.Auth.RequestPasswordReset(c.Request().Context(), email, httpx.AddrGroup(addr))
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 {
			return err
		}
		s.Logger(c).Warn("password reset refused", slog.String("reason", ce.Code), slog.String("client", addr))
		p := passwordForgotPage{Meta: s.Meta("Forgot your password?", "", ""), Email: email,
			Error: &view.FormError{Message: ce.Message, Fields: ce.Fields}}
		return s.RenderPage(c, status, "password_forgot", p)
	}
	if u != nil {
		s.Logger(c).Info("password reset requested", slog.Int64("user_id", u.ID), slog.String("client", addr))
		s.wakeMail()
	}
	p := passwordForgotPage{Meta: s.Meta("Check your mail", "", ""), Sent: true}
	return s.RenderPage(c, http.StatusOK, "password_forgot", p)
}
