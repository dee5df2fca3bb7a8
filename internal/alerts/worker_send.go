package alerts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/envelope"
	"github.com/claimtrack/claimtrack/internal/outbox"
)

// recheckAfter is how long after planning a round a mail's subscription is
// read again before sending: a slow server can stretch a round over most of
// half a lease, and an address that unsubscribed meanwhile must not be
// mailed. Rounds that go faster (the usual case) spend no query on it.
const recheckAfter = 2 * time.Second

// stillWanted reports whether j's subscription still gets alerts, reading
// it again when the round has been running for a while.
func (w *Worker) stillWanted(ctx context.Context, r *round, j job) (bool, error) {
	if time.Since(r.planned) < recheckAfter {
		return true, nil
	}
	sn, err := w.svc.store.SubscriptionByID(ctx, j.to.sn.ID)
	if claims.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return sn.Active(), nil
}

// send composes and sends the round's mails, Concurrency at a time, and
// returns once every outcome is recorded. It stops starting mails when ctx
// ends or the lease runs short; the rows left stay leased and go out after
// the lease.
func (w *Worker) send(ctx context.Context, r *round, jobs []job, leaseEnd time.Time) {
	sends := outbox.NewSends(w.opts.Concurrency, w.opts.Lease, leaseEnd)
	// Sends under way finish when ctx ends (shutdown): cutting one off after
	// its final dot would make a duplicate of a mail that was delivered.
	sendCtx, cancel := sends.SendContext(ctx)
	defer cancel()
	marks := w.markSent(ctx, r)
	defer func() {
		sends.Wait()
		marks.close()
	}()
	for _, j := range jobs {
		// A slot first: a mail waits here for the one before it, and only
		// then is its subscription looked at again and the mail composed.
		if !sends.Acquire(ctx) {
			return
		}
		msg, next := w.prepare(ctx, r, j)
		if next != sendIt {
			sends.Release()
			if next == stopRound {
				return
			}
			continue
		}
		sends.Go(func() { w.deliver(sendCtx, r, j, msg, marks) }, func(p any) {
			w.log.Error("alert delivery panicked; the rows go out again after the lease", "alerts", j.ids(), "panic", fmt.Sprint(p))
		})
	}
}

// What send does with a job once prepare has looked at it.
const (
	sendIt = iota
	skipIt
	stopRound
)

// prepare decides whether job j is still to be sent now, settling it when
// it is not (cancelled, or failed to compose), and composes its mail. It
// stops the round when the subscription cannot be read or ctx ends while
// composing; the rows left stay leased and go out after the lease.
func (w *Worker) prepare(ctx context.Context, r *round, j job) (envelope.Message, int) {
	ok, err := w.stillWanted(ctx, r, j)
	switch {
	case err != nil:
		return envelope.Message{}, stopRound
	case !ok:
		w.cancel(ctx, r, j.ids())
		return envelope.Message{}, skipIt
	}
	msg, err := w.compose(ctx, r.cache, j.rows, j.to)
	switch {
	case errors.Is(err, errGone):
		w.cancel(ctx, r, j.ids())
		return msg, skipIt
	case err != nil && ctx.Err() != nil:
		return msg, stopRound
	case err != nil:
		w.log.Error("alert could not be composed", "alerts", j.ids(), "error", err.Error())
		w.fail(ctx, r, j, err)
		return msg, skipIt
	}
	return msg, sendIt
}

// deliver sends one mail and records the outcome.
func (w *Worker) deliver(ctx context.Context, r *round, j job, msg envelope.Message, marks *sentMarker) {
	err := w.opts.Sender.Send(ctx, msg)
	if err == nil {
		marks.ch <- j.ids()
		return
	}
	w.fail(ctx, r, j, err)
}
