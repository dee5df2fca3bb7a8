package alerts

import (
	"context"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/mail/envelope"
)

// markTimeout bounds recording a delivery's outcome. Marks run on a context
// that shutdown does not cancel: a mail that went out must be marked sent.
const markTimeout = 10 * time.Second

// maxErrorText bounds the SMTP reply kept on a row for the admin view.
const maxErrorText = 1000

// sentMarker records sent rows from one goroutine, each write taking every
// row sent while the previous one ran: one transaction per sent mail would
// keep SQLite's single writer busy for longer than the sending, and
// several writers would queue on its lock. A mail is marked as soon as the
// writer is free, so a crash still leaves only the few mails sent during
// one write to go out again.
type sentMarker struct {
	ch   chan []int64
	done chan struct{}
	once sync.Once
}

// maxMarkBatch bounds the rows one "sent" write marks.
const maxMarkBatch = 500

func (w *Worker) markSent(ctx context.Context, r *round) *sentMarker {
	m := &sentMarker{ch: make(chan []int64, w.opts.Batch), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		for ids := range m.ch {
			batch := append([]int64(nil), ids...)
		more:
			for len(batch) < maxMarkBatch {
				select {
				case ids, ok := <-m.ch:
					if !ok {
						break more
					}
					batch = append(batch, ids...)
				default:
					break more
				}
			}
			w.mark(ctx, r, batch, "sent", func(ctx context.Context, now time.Time) (int, error) {
				return w.svc.store.MarkSent(ctx, batch, w.opts.Owner, now)
			})
		}
	}()
	return m
}

// close waits until every sent row handed over has been marked.
func (m *sentMarker) close() {
	m.once.Do(func() { close(m.ch) })
	<-m.done
}

// fail records a failed attempt: a permanent one fails the rows and counts
// against the subscription; a temporary one is retried after the backoff,
// until GiveUpAfter.
func (w *Worker) fail(ctx context.Context, r *round, j job, err error) {
	code, text := envelope.Code(err), truncateError(err.Error())
	ids := j.ids()
	log := w.log.With("alerts", ids, "subscription", j.to.sn.ID, "code", code, "error", text)
	if envelope.IsPermanent(err) {
		w.mark(ctx, r, ids, "failed", func(ctx context.Context, now time.Time) (int, error) {
			var n int
			err := w.svc.store.Tx(ctx, func(ctx context.Context) error {
				var err error
				if n, err = w.svc.store.MarkFailed(ctx, ids, w.opts.Owner, now, code, text); err != nil || n == 0 {
					return err
				}
				disabled, err := w.svc.store.RecordPermanentFailure(ctx, j.to.sn.ID, now, MaxPermanentFailures)
				if disabled {
					log = log.With("subscription_disabled", true)
				}
				return err
			})
			return n, err
		})
		log.Warn("alert failed permanently")
		return
	}
	queued, attempts := j.rows[0].CreatedAt, 0
	for _, a := range j.rows {
		if a.CreatedAt.Before(queued) {
			queued = a.CreatedAt
		}
		attempts = max(attempts, a.Attempts)
	}
	now := w.svc.Now()
	next, ok := NextAttempt(queued, now, attempts+1)
	if !ok {
		w.mark(ctx, r, ids, "failed", func(ctx context.Context, now time.Time) (int, error) {
			return w.svc.store.MarkFailed(ctx, ids, w.opts.Owner, now, code, text)
		})
		log.Warn("alert failed: temporary failures for longer than the retry period", "give_up_after", GiveUpAfter)
		return
	}
	w.mark(ctx, r, ids, "retry", func(ctx context.Context, now time.Time) (int, error) {
		return w.svc.store.MarkRetry(ctx, ids, w.opts.Owner, now, next, code, text)
	})
	log.Warn("alert not delivered; will retry", "retry_at", next)
}

func (w *Worker) cancel(ctx context.Context, r *round, ids []int64) {
	if len(ids) == 0 {
		return
	}
	w.mark(ctx, r, ids, "cancelled", func(ctx context.Context, now time.Time) (int, error) {
		return w.svc.store.MarkCancelled(ctx, ids, w.opts.Owner, now)
	})
}

// mark records an outcome on a context shutdown does not cancel, trying a
// few times: a lost "sent" mark means the mail goes out twice.
func (w *Worker) mark(ctx context.Context, r *round, ids []int64, outcome string, fn func(ctx context.Context, now time.Time) (int, error)) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	var err error
	for try := range 3 {
		if try > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(try) * 100 * time.Millisecond):
			}
		}
		var n int
		if n, err = fn(ctx, w.svc.Now()); err == nil {
			r.settled.Add(int64(n))
			if w.opts.Report != nil {
				w.opts.Report(outcome, n)
			}
			if n < len(ids) {
				// Another worker took them after our lease ran out.
				w.log.Warn("alert outcome not recorded: the lease was lost", "alerts", ids, "outcome", outcome, "recorded", n)
			}
			return
		}
	}
	w.log.Error("alert outcome not recorded; the rows go out again after the lease", "alerts", ids, "outcome", outcome, "error", err.Error())
}

func truncateError(s string) string {
	if len(s) <= maxErrorText {
		return s
	}
	return s[:maxErrorText]
}
