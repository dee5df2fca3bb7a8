package app

// --- ecosystem: webhooks --- The service that queues deliveries inside
// every event's transaction, and the worker that posts them while the
// server serves.

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// newWebhooks builds the webhooks service on the claims service; from now
// on every event queues its deliveries. Plain-http endpoints are accepted
// only where private addresses are (intranets, tests).
func (m *Main) newWebhooks() {
	m.webhooks = webhooks.NewService(m.db, m.svc, webhooks.Options{BaseURL: m.baseURL, AllowHTTP: m.cfg.AllowPrivateSources,
		Checker: guardedClient(m.cfg, m.baseURL)})
}

// startWebhookWorker posts deliveries through the same guarded client rules
// as source checks.
func (m *Main) startWebhookWorker() {
	w := m.webhooks.NewWorker(webhooks.WorkerOptions{Client: guardedClient(m.cfg, m.baseURL), Logger: m.log,
		Report: func(outcome string) { m.metrics.Delivery("webhook", outcome, 1) }})
	m.svc.OnStoryChanged(func(int64) { w.Wake() })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	m.stopWebhooks = func() { cancel(); <-done }
}
