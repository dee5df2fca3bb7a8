package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/labstack/echo/v4"
)

// deviceCookie names the cookie that marks a browser as one that signed in
// before: the login throttle lets such a browser's right password in
// whatever strangers try (see auth.Service.LoginDevice).
const deviceCookie = "claimtrack_device"

// deviceCookieMaxAge is how long a browser stays known without signing in.
const deviceCookieMaxAge = 365 * 24 * time.Hour

// deviceToken returns the device cookie's value, "" without one.
func (s *Server) deviceToken(c echo.Context) string {
	ck, err := c.Cookie(s.cookieName(deviceCookie))
	if err != nil {
		return ""
	}
	return ck.Value
}

// setDeviceCookie hands the browser its device cookie, with the session
// cookie's protections.
func (s *Server) setDeviceCookie(c echo.Context, device string) {
	if device == "" {
		return
	}
	c.SetCookie(&http.Cookie{
		Name: s.cookieName(deviceCookie), Value: device, Path: "/", MaxAge: int(deviceCookieMaxAge.Seconds()),
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// throttledMailTimeout bounds the background send of a throttle notice.
const throttledMailTimeout = 30 * time.Second

// sendThrottledMail tells an account's owner that strangers are guessing
// its password, in the background so that the refused login answers as
// fast as any other.
func (s *Server) sendThrottledMail(_ context.Context, u auth.User, wait time.Duration) {
	if s.mailer == nil {
		s.log.Warn("login throttle notice not mailed: no mailer is configured", slog.Int64("user_id", u.ID))
		return
	}
	d := struct{ Name, Email, Wait string }{u.Name, u.Email, wait.Round(time.Second).String()}
	text, html, err := s.views.renderMail("login_throttled", d)
	if err != nil {
		s.log.Error("login throttle notice not mailed", slog.String("error", err.Error()))
		return
	}
	m := mail.Message{To: u.Email, Subject: "Many wrong passwords for your claimtrack account",
		Text: text, HTML: html, MessageID: "throttled-" + rand.Text()}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), throttledMailTimeout)
		defer cancel()
		if err := s.mailer.Send(ctx, m); err != nil {
			s.log.Error("login throttle notice failed", slog.String("message_id", m.MessageID), slog.String("error", err.Error()))
			return
		}
		s.log.Info("login throttle notice mailed", slog.Int64("user_id", u.ID), slog.String("message_id", m.MessageID))
	}()
}
