package web

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// newWithMail builds a server whose transactional mail goes out through
// sender, sent by the outbox worker the app runs, for as long as t runs.
// now is the services' clock (nil: the real one).
func newWithMail(t testing.TB, db *store.DB, sender mail.Sender, now func() time.Time, opts Options) *Server {
	t.Helper()
	var srv *Server
	w := newMailWorker(db, sender, now, "mail-test", func() *Server { return srv })
	opts.MailQueued = w.Wake
	srv = New(opts)
	if opts.Auth != nil {
		opts.Auth.OnThrottled(func(context.Context, auth.User, time.Duration) { w.Wake() })
	}
	runMailWorker(t, w)
	return srv
}

// newMailWorker returns a worker sending what site() composes.
func newMailWorker(db *store.DB, sender mail.Sender, now func() time.Time, owner string, site func() *Server) *txmail.Worker {
	return txmail.NewWorker(db, txmail.WorkerOptions{Sender: sender, Now: now, Tuning: outbox.Tuning{Owner: owner}, Logger: slog.New(slog.DiscardHandler),
		Compose: func(ctx context.Context, m txmail.Mail) (mail.Message, error) { return site().ComposeMail(ctx, m) }})
}

// runMailWorker runs w until t ends or stop is called, which waits for
// the round under way.
func runMailWorker(t testing.TB, w *txmail.Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	w.Wake()
	return stop
}
