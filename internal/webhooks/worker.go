package webhooks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/defaults"
	"github.com/claimtrack/claimtrack/internal/outbox"
)

// Poster sends one delivery and returns the answer's status and (the start
// of) its body. The guarded fetch client of internal/recheck/fetch is the one
// used in production, so deliveries obey the same address rules as source
// checks; this package only names what it needs of it.
type Poster interface {
	Post(ctx context.Context, rawURL, contentType string, body []byte, header http.Header) (status int, answer []byte, err error)
}

// postFailure is what a Poster's error may also tell, as the fetch client's
// do: the kind of failure without its text (which holds the endpoint's URL),
// and whether the address rules refused it, which they will do every time.
type postFailure interface {
	KindText() string
	Refused() bool
}

// WorkerOptions tune a Worker; zero values get the defaults named.
type WorkerOptions struct {
	Client Poster
	// Tuning's default batch is 50; its lease (2 min) outlasts the
	// client's total timeout.
	outbox.Tuning
	Logger *slog.Logger
	// Report, when set, hears each settled attempt's outcome: "sent",
	// "retry" or "failed" (for /metrics).
	Report func(outcome string)
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	o.Tuning = o.Tuning.WithDefaults(50)
	defaults.Fill(&o, WorkerOptions{Logger: slog.New(slog.DiscardHandler), Report: func(string) {}})
	return o
}

// Worker posts due deliveries.
type Worker struct {
	svc  *Service
	opts WorkerOptions
	loop *outbox.Loop
}

// NewWorker returns a worker delivering this service's outbox.
func (s *Service) NewWorker(o WorkerOptions) *Worker {
	w := &Worker{svc: s, opts: o.withDefaults()}
	w.loop = outbox.NewLoop("webhooks", w.opts.Poll, w.opts.Logger, w.round)
	return w
}

// Wake makes Run look for due deliveries now.
func (w *Worker) Wake() { w.loop.Wake() }

// Run delivers until ctx ends. A round that fails or panics is logged;
// the deliveries it held are posted again after their lease.
func (w *Worker) Run(ctx context.Context) { w.loop.Run(ctx) }

// maxLogged bounds the answer or error kept per attempt.
const maxLogged = 500

// RunOnce leases one batch of due deliveries and posts them, returning how
// many it settled. A panic is returned as an error.
func (w *Worker) RunOnce(ctx context.Context) (int, error) { return w.loop.RunOnce(ctx) }

func (w *Worker) round(ctx context.Context) (int, error) {
	st := w.svc.store
	now := w.svc.Now()
	// Counted on the real clock, which the posts run on (the lease is on the
	// service clock, which tests move).
	sends := outbox.NewSends(w.opts.Concurrency, w.opts.Lease, time.Now().Add(w.opts.Lease))
	batch, err := st.LeaseDeliveries(ctx, w.opts.Owner, now, now.Add(w.opts.Lease), w.opts.Batch)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	endpoints := map[int64]*Endpoint{}
	for _, d := range batch {
		if _, ok := endpoints[d.EndpointID]; !ok {
			e, err := st.EndpointByID(ctx, d.EndpointID)
			if err != nil {
				return 0, err
			}
			endpoints[d.EndpointID] = e
		}
	}
	var (
		mu       sync.Mutex
		settled  int
		firstErr error
	)
	for _, d := range batch {
		// A slow receiver must not keep posts starting after another
		// instance may have taken the rows: the rest wait out the lease.
		if !sends.Acquire(ctx) {
			break
		}
		sends.Go(func() {
			outcome, err := w.deliver(ctx, endpoints[d.EndpointID], d)
			if err == nil {
				w.opts.Report(outcome)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			settled++
		}, func(p any) {
			w.opts.Logger.Error("webhook delivery panicked; it is posted again after the lease", "delivery", d.ID, "panic", fmt.Sprint(p))
		})
	}
	sends.Wait()
	return settled, firstErr
}

// deliver posts one delivery, records the outcome and returns it ("sent",
// "retry" or "failed").
func (w *Worker) deliver(ctx context.Context, e *Endpoint, d Delivery) (string, error) {
	log := w.opts.Logger.With("delivery", d.ID, "endpoint", e.ID, "kind", d.Kind)
	finish := func(state State, status int, msg string, now, next time.Time) (string, error) {
		outcome := map[State]string{StateDelivered: "sent", StateQueued: "retry", StateFailed: "failed"}[state]
		return outcome, w.svc.store.FinishDelivery(ctx, d.ID, w.opts.Owner, state, status, clip(msg), now, next)
	}
	if !e.Active {
		return finish(StateFailed, 0, "endpoint switched off", w.svc.Now(), time.Time{})
	}
	h := http.Header{}
	h.Set(HeaderSignature, Sign(e.Secret, w.svc.Now(), []byte(d.Body)))
	h.Set(HeaderEvent, d.Kind)
	h.Set(HeaderDelivery, strconv.FormatInt(d.ID, 10))
	code, answer, err := w.opts.Client.Post(ctx, e.URL, "application/json", []byte(d.Body), h)
	if ctx.Err() != nil {
		// Shutting down says nothing about the endpoint; the lease expires.
		return "", ctx.Err()
	}
	now := w.svc.Now()
	// The log names the failure's kind, never the error's text: that holds
	// the endpoint's URL, which receivers often make their credential
	// (Slack-style paths). The delivery log, for admins only, keeps it all.
	status, msg, kind := 0, "", ""
	switch {
	case err != nil:
		msg = err.Error()
		var pf postFailure
		if errors.As(err, &pf) {
			kind = pf.KindText()
			if pf.Refused() {
				log.Warn("webhook refused by the address rules", "error", kind)
				return finish(StateFailed, 0, msg, now, time.Time{})
			}
		}
	case code >= 200 && code < 300:
		return finish(StateDelivered, code, string(answer), now, time.Time{})
	default:
		status, msg, kind = code, fmt.Sprintf("HTTP %d: %s", code, answer), "HTTP status"
	}
	next, ok := outbox.NextAttempt(d.CreatedAt, now, d.Attempts+1)
	if !ok {
		log.Warn("webhook delivery failed for good", "status", status, "error", kind)
		return finish(StateFailed, status, msg, now, time.Time{})
	}
	log.Info("webhook delivery will be retried", "status", status, "error", kind, "next", next)
	return finish(StateQueued, status, msg, now, next)
}

// clip keeps a log entry short and valid UTF-8.
func clip(s string) string {
	if len(s) <= maxLogged {
		return s
	}
	s = s[:maxLogged]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
