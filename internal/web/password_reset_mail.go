package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
)

// resetMailTimeout bounds the background send of a reset mail.
const resetMailTimeout = 30 * time.Second

// sendResetMail mails a reset link in a goroutine, so that the answer to
// the form takes as long whether or not the address has an account. The
// token never reaches a log.
func (s *Server) sendResetMail(log *slog.Logger, to, name, token string) {
	if s.mailer == nil {
		log.Warn("password reset not mailed: no mailer is configured")
		return
	}
	// The link must come from the configured address: the Host header is
	// the client's to choose, and would let anyone have the link point at
	// their own server (reset poisoning).
	if s.baseURL == "" {
		log.Warn("password reset not mailed: the base URL is unknown")
		return
	}
	m, err := s.resetMessage(to, name, s.absURL(resetPath(token)), s.now().Add(auth.ResetTokenTTL))
	if err != nil {
		log.Error("password reset not mailed", slog.String("error", err.Error()))
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), resetMailTimeout)
		defer cancel()
		if err := s.mailer.Send(ctx, m); err != nil {
			log.Error("password reset mail failed", slog.String("message_id", m.MessageID), slog.String("error", err.Error()))
			return
		}
		log.Info("password reset mailed", slog.String("message_id", m.MessageID))
	}()
}

// resetPath is the site path of a reset link.
func resetPath(token string) string { return "/password/reset/" + token }

// resetMessage is the mail carrying a reset link.
func (s *Server) resetMessage(to, name, link string, expiresAt time.Time) (mail.Message, error) {
	expires := fmt.Sprintf("%s (one hour after you asked)", expiresAt.UTC().Format("15:04 MST on 2 January 2006"))
	text, html, err := s.views.renderMail("password_reset", struct{ Name, Link, Expires string }{name, link, expires})
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
