package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/defaults"
	"github.com/claimtrack/claimtrack/internal/mail/envelope"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/secret"
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
	defaults.Fill(&o, WorkerOptions{Logger: slog.Default()})
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
