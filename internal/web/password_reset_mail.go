package web

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/mail"
)

// resetPath is the site path of a reset link.
func resetPath(token string) string { return "/password/reset/" + token }

// resetMessage is the mail carrying a reset link.
func (s *Server) resetMessage(to, name, link string, expiresAt time.Time) (mail.Message, error) {
	expires := fmt.Sprintf("%s (one hour after you asked)", expiresAt.UTC().Format("15:04 MST on 2 January 2006"))
	text, html, err := s.views.RenderMail("password_reset", struct{ Name, Link, Expires string }{name, link, expires})
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{
		To:        to,
		Subject:   "Reset your claimtrack password",
		Text:      text,
		HTML:      html,
		MessageID: "reset-" + rand.Text(),
	}, nil
}
