package txmail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/claimtrack/claimtrack/internal/defaults"
	"github.com/claimtrack/claimtrack/internal/mail/envelope"
	"github.com/claimtrack/claimtrack/internal/outbox"
)

// Composer makes the message of a row when it is sent, minting the link it
// carries. It returns an error wrapping ErrNotNeeded for a mail that is no
// longer wanted; any other error is retried on the outbox's schedule.
type Composer func(ctx context.Context, m Mail) (envelope.Message, error)

// WorkerOptions tune a Worker; zero values get the defaults named.
type WorkerOptions struct {
	Sender  envelope.Sender
	Compose Composer
	// Now is the clock of the services that queue (default time.Now).
	Now func() time.Time
	// Tuning's default batch is 50.
	outbox.Tuning
	Logger *slog.Logger
	// Report, when set, hears each settled row's outcome: "sent", "retry",
	// "failed" or "cancelled" (for /metrics).
	Report func(outcome string)
}

// markTimeout bounds recording an outcome, on a context that shutdown does
// not cancel: a mail that went out must be marked sent.
const markTimeout = 10 * time.Second

// maxErrorText bounds the error kept on a row.
const maxErrorText = 1000

// Worker sends the outbox's due rows.
type Worker struct {
	store Store
	opts  WorkerOptions
	loop  *outbox.Loop
	log   *slog.Logger
}

// NewWorker returns a worker sending store's outbox.
func NewWorker(store Store, o WorkerOptions) *Worker {
	o.Tuning = o.Tuning.WithDefaults(50)
	defaults.Fill(&o, WorkerOptions{Now: time.Now, Logger: slog.New(slog.DiscardHandler), Report: func(string) {}})
	w := &Worker{store: store, opts: o, log: o.Logger.With("worker", "mail")}
	w.loop = outbox.NewLoop("transactional mail", o.Poll, w.log, w.round)
	return w
}

// Wake makes Run look for due rows now (after a request queued one).
func (w *Worker) Wake() { w.loop.Wake() }

// Run sends until ctx ends, then returns once the mails in flight are
// settled.
func (w *Worker) Run(ctx context.Context) { w.loop.Run(ctx) }

// RunOnce leases one batch of due rows and sends them, returning how many
// it settled. A panic is returned as an error.
func (w *Worker) RunOnce(ctx context.Context) (int, error) { return w.loop.RunOnce(ctx) }

func (w *Worker) round(ctx context.Context) (int, error) {
	if w.opts.Sender == nil || w.opts.Compose == nil {
		return 0, errors.New("txmail: the worker needs a Sender and a Composer")
	}
	// The lease is counted on the services' clock, which tests move; the
	// budget for sending on the real one, which SMTP runs on.
	sends := outbox.NewSends(w.opts.Concurrency, w.opts.Lease, time.Now().Add(w.opts.Lease))
	now := w.opts.Now()
	rows, err := w.store.LeaseMails(ctx, w.opts.Owner, now, now.Add(w.opts.Lease), w.opts.Batch)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	sendCtx, cancel := sends.SendContext(ctx)
	defer cancel()
	settled := make(chan bool, len(rows))
	for _, m := range rows {
		if !sends.Acquire(ctx) {
			break
		}
		sends.Go(func() { settled <- w.deliver(sendCtx, m) }, func(p any) {
			// Counted as a failed attempt, so a mail that always panics
			// ends failed instead of coming back for ever.
			w.log.Error("mail delivery panicked", "mail", m.ID, "kind", m.Kind, "panic", fmt.Sprint(p))
			settled <- w.retry(m, fmt.Sprintf("panic: %v", p))
		})
	}
	sends.Wait()
	close(settled)
	n := 0
	for ok := range settled {
		if ok {
			n++
		}
	}
	return n, nil
}

// deliver composes and sends one mail and records the outcome, reporting
// whether it was recorded.
func (w *Worker) deliver(ctx context.Context, m Mail) bool {
	log := w.log.With("mail", m.ID, "kind", m.Kind)
	msg, err := w.opts.Compose(ctx, m)
	switch {
	case errors.Is(err, ErrNotNeeded):
		log.Info("mail no longer needed", "reason", err.Error())
		return w.settle(m, "cancelled", Outcome{State: outbox.StateCancelled, Error: truncate(err.Error())})
	case err != nil:
		log.Error("mail could not be composed", "error", err.Error())
		return w.retry(m, err.Error())
	}
	err = w.opts.Sender.Send(ctx, msg)
	switch {
	case err == nil:
		log.Info("mail sent", "message_id", msg.MessageID)
		return w.settle(m, "sent", Outcome{State: outbox.StateSent, Attempted: true})
	case envelope.IsPermanent(err):
		log.Warn("mail failed permanently", "code", envelope.Code(err), "error", err.Error())
		return w.settle(m, "failed", Outcome{State: outbox.StateFailed, Attempted: true, Error: truncate(err.Error())})
	}
	log.Warn("mail not sent; will retry", "code", envelope.Code(err), "error", err.Error())
	return w.retry(m, err.Error())
}

// retry queues m again after the backoff, or fails it once retries would
// go past outbox.GiveUpAfter.
func (w *Worker) retry(m Mail, msg string) bool {
	next, ok := outbox.NextAttempt(m.CreatedAt, w.opts.Now(), m.Attempts+1)
	if !ok {
		w.log.Warn("mail failed: temporary failures for longer than the retry period", "mail", m.ID, "kind", m.Kind)
		return w.settle(m, "failed", Outcome{State: outbox.StateFailed, Attempted: true, Error: truncate(msg)})
	}
	return w.settle(m, "retry", Outcome{State: outbox.StateQueued, Attempted: true, NotBefore: next, Error: truncate(msg)})
}

// settle records an outcome on a context shutdown does not cancel.
func (w *Worker) settle(m Mail, outcome string, o Outcome) bool {
	ctx, cancel := context.WithTimeout(context.Background(), markTimeout)
	defer cancel()
	o.At = w.opts.Now()
	held, err := w.store.SettleMail(ctx, m.ID, w.opts.Owner, o)
	switch {
	case err != nil:
		w.log.Error("mail outcome not recorded; the mail goes out again after the lease", "mail", m.ID, "outcome", outcome, "error", err.Error())
		return false
	case !held:
		w.log.Warn("mail outcome not recorded: the lease was lost", "mail", m.ID, "outcome", outcome)
		return false
	}
	w.opts.Report(outcome)
	return true
}

func truncate(s string) string {
	if len(s) <= maxErrorText {
		return s
	}
	return s[:maxErrorText]
}
