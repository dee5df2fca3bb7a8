package web

import (
	"crypto/rand"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
)

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
