package web

import (
	"context"
	"fmt"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// ComposeMail makes the message of a transactional mail when the outbox's
// worker sends it (txmail.Composer), minting the link it carries then: the
// outbox holds no link, and a retried mail gets a fresh one. Links come
// from the configured address, never a Host header. A mail whose link is
// no longer wanted (the subscription confirmed, the reset expired, the
// account disabled) comes back as txmail.ErrNotNeeded.
func (s *Server) ComposeMail(ctx context.Context, m txmail.Mail) (mail.Message, error) {
	if s.baseURL == "" {
		return mail.Message{}, fmt.Errorf("mail %d not composed: the base URL is unknown", m.ID)
	}
	msg, err := s.composeMail(ctx, m)
	if claims.IsNotFound(err) {
		return mail.Message{}, fmt.Errorf("%w: %s", txmail.ErrNotNeeded, claims.ErrorMessage(err))
	}
	return msg, err
}

func (s *Server) composeMail(ctx context.Context, m txmail.Mail) (mail.Message, error) {
	switch {
	case m.Kind == txmail.KindConfirm && s.alerts != nil:
		conf, err := s.alerts.ConfirmationMail(ctx, m.SubscriptionID)
		if err != nil {
			return mail.Message{}, err
		}
		return s.confirmMessage(conf)
	case m.Kind == txmail.KindReset && s.auth != nil:
		token, u, err := s.auth.IssuePasswordReset(ctx, m.UserID, m.CreatedAt)
		if err != nil {
			return mail.Message{}, err
		}
		return s.resetMessage(u.Email, u.Name, s.site.Abs(resetPath(token)), m.CreatedAt.Add(auth.ResetTokenTTL))
	case m.Kind == txmail.KindThrottled && s.auth != nil:
		u, err := s.auth.UserByID(ctx, m.UserID)
		if err != nil {
			return mail.Message{}, err
		}
		if u.Disabled {
			return mail.Message{}, claims.Errorf(claims.ENOTFOUND, "user %d is disabled", u.ID)
		}
		return s.throttledMessage(u, m.Wait)
	}
	return mail.Message{}, fmt.Errorf("mail %d: no composer for %q on this server", m.ID, m.Kind)
}

// wakeMail tells the mail worker a request queued a mail.
func (s *Server) wakeMail() {
	if s.mailQueued != nil {
		s.mailQueued()
	}
}
