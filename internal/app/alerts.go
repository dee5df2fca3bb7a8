package app

// The worker that delivers email alerts while the server serves (the
// service that queues them is built with the others, in services.go).

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/mailview"
	"github.com/claimtrack/claimtrack/internal/outbox"
)

// workerRestartDelay is how long a failed worker loop waits before it runs
// again: long enough not to spin on a database that is down, short enough
// that alerts resume soon after it is back.
const workerRestartDelay = 5 * time.Second

// startAlertWorker starts delivering the outbox through the mailer. Every
// committed write wakes the worker: most are not status changes, but a wake
// costs one query for due rows and spares an alert the poll interval's wait.
func (m *Main) startAlertWorker() error {
	views, err := mailview.New()
	if err != nil {
		return fmt.Errorf("mail templates: %w", err)
	}
	w := m.alerts.NewWorker(alerts.WorkerOptions{
		Sender:       m.mailer,
		Views:        views,
		BaseURL:      m.baseURL,
		Organization: m.cfg.Organization,
		Tuning:       outbox.Tuning{Lease: m.cfg.AlertLease, Poll: m.cfg.AlertPoll},
		Logger:       m.log,
		Report:       func(outcome string, n int) { m.metrics.Delivery("email", outcome, n) },
	})
	m.svc.OnStoryChanged(func(claims.StoryChange) { w.Wake() })
	ctx, cancel := context.WithCancel(context.Background())
	d := &alertDelivery{worker: w, cancel: cancel, done: make(chan struct{})}
	go d.run(ctx, m.log)
	m.delivery = d
	// Rows queued before this start (by an earlier process, or leased by one
	// that was killed mid-delivery and whose leases have run out) go now.
	w.Wake()
	return nil
}

// alertDelivery is the running worker.
type alertDelivery struct {
	worker *alerts.Worker
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// run keeps the worker running until ctx ends. The outbox is the only
// state, so restarting the loop after an error or a panic loses nothing:
// rows it held come back when their leases run out.
func (d *alertDelivery) run(ctx context.Context, log *slog.Logger) {
	defer close(d.done)
	for ctx.Err() == nil {
		err := runGuarded(ctx, d.worker)
		if ctx.Err() != nil {
			return
		}
		log.Error("alert delivery stopped; restarting it", "error", err, "in", workerRestartDelay)
		select {
		case <-ctx.Done():
		case <-time.After(workerRestartDelay):
		}
	}
}

// runGuarded runs the worker, turning a panic into an error.
func runGuarded(ctx context.Context, w *alerts.Worker) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	if err := w.Run(ctx); err != nil {
		return err
	}
	return fmt.Errorf("the worker returned before it was stopped")
}

// stop ends the worker and waits up to timeout for the sends in flight.
// It reports false when they were still running at the timeout: their rows
// stay leased and another start sends them once the leases run out.
func (d *alertDelivery) stop(timeout time.Duration) bool {
	d.once.Do(d.cancel)
	select {
	case <-d.done:
		return true
	case <-time.After(timeout):
		return false
	}
}
