package alerts

import (
	"context"
	"errors"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/secret"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mail/envelope"
	"github.com/claimtrack/claimtrack/internal/outbox"
)

// WorkerOptions tune a Worker; zero values get the defaults named.
type WorkerOptions struct {
	// Sender delivers the mail (SMTP, or .eml files by default).
	Sender envelope.Sender
	// Views renders the alert templates (internal/mailview's); without them
	// every round fails and nothing is sent.
	Views Views
	// BaseURL is the public site address links in mail point to.
	BaseURL string
	// Organization names the sender at the top of every mail
	// (CLAIMTRACK_ORGANIZATION; default "claimtrack").
	Organization string
	// Tuning's default batch is 100; its lease must outlast one SMTP
	// transaction.
	outbox.Tuning
	Logger *slog.Logger
	// Report, when set, hears how many rows each settled outcome covered:
	// "sent", "retry", "failed" or "cancelled" (for /metrics).
	Report func(outcome string, rows int)
}

// markTimeout bounds recording a delivery's outcome. Marks run on a context
// that shutdown does not cancel: a mail that went out must be marked sent.
const markTimeout = 10 * time.Second

// maxErrorText bounds the SMTP reply kept on a row for the admin view.
const maxErrorText = 1000

// Views renders a mail template to its plain-text and HTML twins. The
// worker asks for it rather than loading templates itself, so this package,
// and the store that uses its types, stay clear of templates and assets.
type Views interface {
	Render(name string, data any) (text, html string, err error)
}

// errNoViews is what every round reports when the worker got no templates.
var errNoViews = errors.New("alerts: the worker has no mail templates (WorkerOptions.Views)")

// Worker delivers the outbox.
type Worker struct {
	svc   *Service
	opts  WorkerOptions
	loop  *outbox.Loop
	log   *slog.Logger
	base  string
	views Views
	// viewsErr is a broken template set, reported by every round.
	viewsErr error
}

// NewWorker returns a worker delivering this service's outbox.
func (s *Service) NewWorker(o WorkerOptions) *Worker {
	o.Tuning = o.Tuning.WithDefaults(100)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	w := &Worker{svc: s, opts: o, log: o.Logger.With("worker", "alerts"), base: trimBase(o.BaseURL)}
	w.loop = outbox.NewLoop("alerts", o.Poll, w.log, w.RunOnce)
	if w.views = o.Views; w.views == nil {
		w.viewsErr = errNoViews
	}
	return w
}

// Owner is the name this worker's leases carry.
func (w *Worker) Owner() string { return w.opts.Owner }

// Wake makes Run look for due rows now (after a status change commits).
func (w *Worker) Wake() { w.loop.Wake() }

// job is one mail: the rows it carries (one, or a digest's several), all
// owed to one subscription.
type job struct {
	rows []Alert
	to   recipient
}

func (j job) ids() []int64 {
	ids := make([]int64, len(j.rows))
	for i, a := range j.rows {
		ids[i] = a.ID
	}
	return ids
}

// round is the state of one RunOnce.
type round struct {
	// planned is when the round's recipients were read (real clock).
	planned time.Time
	now     time.Time
	until   time.Time
	settled atomic.Int64
	cache   *composeCache
	// subs caches subscribers by id: an address with several due rows is
	// read once.
	subs map[int64]*Subscriber
}

// RunOnce leases one batch of due rows and delivers them, returning how many
// rows it settled (sent, retried, failed or cancelled).
//
// A row is marked only after the server has answered, so a crash or a lost
// mark leaves it leased, and it goes out again (with the same Message-ID)
// once the lease has run out: the one duplicate SMTP cannot rule out. A
// round starts sending only while at least half the lease is left, so rows
// are never still being sent when another worker may take them.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if w.viewsErr != nil {
		return 0, fmt.Errorf("alerts: mail templates: %w", w.viewsErr)
	}
	if w.base == "" {
		return 0, errors.New("alerts: the worker needs the site's base URL for the links in mail")
	}
	if w.opts.Sender == nil {
		return 0, errors.New("alerts: the worker has no mail sender")
	}
	// The lease is counted on the service clock, which tests move; the
	// budget for sending is counted on the real one, which SMTP runs on.
	leaseEnd := time.Now().Add(w.opts.Lease)
	r := &round{now: w.svc.Now(), cache: newComposeCache(), subs: map[int64]*Subscriber{}}
	r.until = r.now.Add(w.opts.Lease)
	rows, err := w.svc.store.LeaseAlerts(ctx, w.opts.Owner, r.now, r.until, w.opts.Batch)
	if err != nil {
		return 0, err
	}
	jobs, err := w.plan(ctx, r, rows)
	if err != nil {
		return int(r.settled.Load()), err
	}

	r.planned = time.Now()
	w.send(ctx, r, jobs, leaseEnd)
	return int(r.settled.Load()), nil
}

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

// plan turns leased rows into mails: it cancels rows whose subscription no
// longer gets alerts, and gathers a digest row with every other row queued
// for its subscription.
func (w *Worker) plan(ctx context.Context, r *round, rows []Alert) ([]job, error) {
	var jobs []job
	digests := map[int64]int{} // subscription id -> index in jobs
	var cancel []int64
	for _, a := range rows {
		if a.SubscriptionID == nil || a.SubscriberID == nil {
			cancel = append(cancel, a.ID)
			continue
		}
		if i, ok := digests[*a.SubscriptionID]; ok && a.Digest {
			jobs[i].rows = appendNew(jobs[i].rows, a)
			continue
		}
		to, err := w.recipient(ctx, r, *a.SubscriptionID, *a.SubscriberID)
		if err != nil {
			return jobs, err
		}
		if to == nil {
			cancel = append(cancel, a.ID)
			continue
		}
		j := job{rows: []Alert{a}, to: *to}
		if a.Digest {
			peers, err := w.svc.store.LeaseDigest(ctx, *a.SubscriptionID, w.opts.Owner, r.now, r.until)
			if err != nil {
				return jobs, err
			}
			for _, p := range peers {
				j.rows = appendNew(j.rows, p)
			}
			digests[*a.SubscriptionID] = len(jobs)
		}
		jobs = append(jobs, j)
	}
	w.cancel(ctx, r, cancel)
	return jobs, w.mintLinks(ctx, r, jobs)
}

// mintLinks gives each mail of the round its own manage and unsubscribe
// tokens, storing their hashes in one write before any mail goes out: the
// database never holds a token, so the links must be made when mailing.
func (w *Worker) mintLinks(ctx context.Context, r *round, jobs []job) error {
	if len(jobs) == 0 {
		return nil
	}
	tokens := make([]LinkToken, 0, 2*len(jobs))
	for i := range jobs {
		to := &jobs[i].to
		to.manage, to.unsubscribe = secret.New(), secret.New()
		tokens = append(tokens,
			LinkToken{Hash: secret.Hash(to.manage), Kind: LinkManage, SubscriberID: to.sub.ID, CreatedAt: r.now},
			LinkToken{Hash: secret.Hash(to.unsubscribe), Kind: LinkUnsubscribe, SubscriberID: to.sub.ID, SubscriptionID: &to.sn.ID, CreatedAt: r.now})
	}
	return w.svc.store.AddLinkTokens(ctx, tokens)
}

func appendNew(rows []Alert, a Alert) []Alert {
	for _, b := range rows {
		if b.ID == a.ID {
			return rows
		}
	}
	return append(rows, a)
}

// recipient returns who a subscription's mail goes to, or nil when it gets
// no more mail (ended, disabled, unconfirmed, or the address deleted).
func (w *Worker) recipient(ctx context.Context, r *round, subscriptionID, subscriberID int64) (*recipient, error) {
	sn, err := w.svc.store.SubscriptionByID(ctx, subscriptionID)
	if claims.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !sn.Active() || sn.SubscriberID != subscriberID {
		return nil, nil
	}
	sub, ok := r.subs[subscriberID]
	if !ok {
		sub, err = w.svc.store.SubscriberByID(ctx, subscriberID)
		if claims.IsNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		r.subs[subscriberID] = sub
	}
	return &recipient{sub: sub, sn: sn}, nil
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

// Run delivers until ctx ends, then returns nil once the mails in flight
// are settled. A round's error (a database that is down) or panic is
// logged, and the next round comes at the next poll.
func (w *Worker) Run(ctx context.Context) error {
	if w.viewsErr != nil {
		return fmt.Errorf("alerts: mail templates: %w", w.viewsErr)
	}
	w.loop.Run(ctx)
	return nil
}
