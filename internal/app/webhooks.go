package app

// The worker that posts webhook deliveries while the server serves (the
// service that queues them is built with the others, in services.go).

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// startWebhookWorker posts deliveries through the same guarded client rules
// as source checks.
func (m *Main) startWebhookWorker() {
	w := m.webhooks.NewWorker(webhooks.WorkerOptions{Client: guardedClient(m.cfg, m.baseURL), Logger: m.log,
		Report: func(outcome string) { m.metrics.Delivery("webhook", outcome, 1) }})
	m.svc.OnStoryChanged(func(claims.StoryChange) { w.Wake() })
	m.stopWebhooks = goWorker(w.Run)
}

// goWorker runs a worker's loop in the background until stop, which waits
// for the round under way to settle.
func goWorker(run func(ctx context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(ctx)
	}()
	return func() { cancel(); <-done }
}
