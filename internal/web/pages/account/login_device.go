package web

import (
	"crypto/rand"
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
func (s *Server) deviceToken(c echo.Context) string { return s.cookies.Value(c, deviceCookie) }

// setDeviceCookie hands the browser its device cookie, with the session
// cookie's protections.
func (s *Server) setDeviceCookie(c echo.Context, device string) {
	if device != "" {
		s.cookies.Set(c, deviceCookie, device, int(deviceCookieMaxAge.Seconds()))
	}
}

// throttledMessage tells an account's owner that strangers are guessing
// its password and logins wait for wait.
func (s *Server) throttledMessage(u *auth.User, wait time.Duration) (mail.Message, error) {
	d := struct{ Name, Email, Wait string }{u.Name, u.Email, wait.Round(time.Second).String()}
	text, html, err := s.views.RenderMail("login_throttled", d)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: u.Email, Subject: "Many wrong passwords for your claimtrack account",
		Text: text, HTML: html, MessageID: "throttled-" + rand.Text()}, nil
}
