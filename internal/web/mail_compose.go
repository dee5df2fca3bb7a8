package web

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/txmail"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
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

// confirmMailData is what the subscription_confirm mail templates get.
type confirmMailData struct {
	// Subject and Brand feed the branded frame every HTML mail shares.
	Subject string
	Brand   alerts.Brand
	// What is "a claim in the story" or "the claim"; Name the story's title
	// or the claim's text.
	What      string
	Name      string
	Story     string
	Link      string
	ManageURL string
	PageURL   string
	Expires   string
}

// confirmMessage is the mail carrying a confirmation link. The subject
// holds the followed text; the mail package turns any CR/LF in it into
// spaces, so a claim cannot add a header.
func (s *Server) confirmMessage(conf *alerts.Confirmation) (mail.Message, error) {
	t := view.NewTarget(conf.Target)
	d := confirmMailData{What: "a claim in the story", Name: t.Name(), Story: t.Story, Link: s.site.Abs(site.ConfirmPath(conf.Token)),
		ManageURL: s.site.Abs(site.ManagePath(conf.ManageToken)), PageURL: s.site.Abs(t.StoryURL),
		Expires: conf.Expires.UTC().Format("2 January 2006, 15:04 MST")}
	if t.Claim != "" {
		d.What, d.PageURL = "the claim", s.site.Abs(t.ClaimURL)
	}
	d.Subject = "Confirm: alerts about " + view.Truncate(t.Name(), 120)
	d.Brand = alerts.Brand{Org: s.organization, URL: s.site.Abs("/")}
	text, html, err := s.views.RenderMail("subscription_confirm", d)
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{
		To:        conf.Email,
		Subject:   d.Subject,
		Text:      text,
		HTML:      html,
		MessageID: "confirm-" + rand.Text(),
		// RFC 3834: sent by a machine, so autoresponders leave it alone.
		Headers: map[string]string{"Auto-Submitted": "auto-generated"},
	}, nil
}

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

// mailingAlerts is the alerts service as the rooms subscribe through it:
// the service queues the confirmation, if there is one to send, in the
// request's transaction, and a request that queued one wakes the mail
// worker. The answer waits for no SMTP server, so it takes as long whether
// or not a mail is owed.
type mailingAlerts struct {
	alerts *alerts.Service
	wake   func()
}

// Subscribe records a subscribe request.
func (m mailingAlerts) Subscribe(ctx context.Context, r alerts.SubscribeRequest) error {
	conf, err := m.alerts.Subscribe(ctx, r)
	if err != nil {
		return err
	}
	if conf != nil {
		m.wake()
	}
	return nil
}
