package app

// The worker that sends transactional mail (subscription confirmations,
// password resets, login-throttle notices) while the server serves. The
// services queue the rows in the requests' transactions; the site composes
// each message when it is sent, minting its link then.

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/txmail"
	"github.com/claimtrack/claimtrack/internal/web"
)

// newMailWorker returns the worker that sends through m's mailer what
// site composes; site is read when the first mail is sent, so it may be
// built after the worker (it takes the worker's Wake).
func (m *Main) newMailWorker(site **web.Server) *txmail.Worker {
	return txmail.NewWorker(m.db, txmail.WorkerOptions{
		Sender: m.mailer,
		Compose: func(ctx context.Context, msg txmail.Mail) (mail.Message, error) {
			return (*site).ComposeMail(ctx, msg)
		},
		Now:    m.now,
		Tuning: outbox.Tuning{Lease: m.cfg.AlertLease, Poll: m.cfg.AlertPoll},
		Logger: m.log,
		Report: func(outcome string) { m.metrics.Delivery("mail", outcome, 1) },
	})
}

// startMailWorker runs w until Close; a throttle notice queued by a login
// wakes it, as the site does after a subscribe or reset request.
func (m *Main) startMailWorker(w *txmail.Worker) {
	m.auth.OnThrottled(func(context.Context, auth.User, time.Duration) { w.Wake() })
	m.stopMail = goWorker(w.Run)
	// Rows queued before this start (by an earlier process, or leased by
	// one that was killed) go now.
	w.Wake()
}
