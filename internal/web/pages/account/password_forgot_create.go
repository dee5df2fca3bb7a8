package web

import (
	"log/slog"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// passwordForgotCreate queues a reset mail, which the mail worker sends,
// answering with the same page, status and wording whether or not the
// address has an account. Only a malformed address or too many requests
// get another answer, and neither depends on the account.
func (s *Server) passwordForgotCreate(c echo.Context) error {
	email := c.FormValue("email")
	addr := s.clientAddr(c.Request())
	u, err := s.auth.RequestPasswordReset(c.Request().Context(), email, httpx.AddrGroup(addr))
	if err != nil {
		status, ce := httpx.ErrorStatus(err)
		if status >= 500 {
			return err
		}
		s.logger(c).Warn("password reset refused", slog.String("reason", ce.Code), slog.String("client", addr))
		p := passwordForgotPage{Meta: s.meta("Forgot your password?", "", ""), Email: email,
			Error: &formError{Message: ce.Message, Fields: ce.Fields}}
		return s.renderPage(c, status, "password_forgot", p)
	}
	if u != nil {
		s.logger(c).Info("password reset requested", slog.Int64("user_id", u.ID), slog.String("client", addr))
		s.wakeMail()
	}
	p := passwordForgotPage{Meta: s.meta("Check your mail", "", ""), Sent: true}
	return s.renderPage(c, http.StatusOK, "password_forgot", p)
}
