package app

import (
	"context"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/metrics"
)

// outboxScrapeTimeout bounds the database read behind each scrape.
const outboxScrapeTimeout = 5 * time.Second

// watchOutboxes reports the outboxes' backlogs on /metrics (the mail outbox as "mail").
func (m *Main) watchOutboxes() {
	kinds := map[string]string{"alert_outbox": "email", "webhook_deliveries": "webhook"}
	m.metrics.WatchOutboxes(func() ([]metrics.OutboxDepth, error) {
		ctx, cancel := context.WithTimeout(context.Background(), outboxScrapeTimeout)
		defer cancel()
		list, err := m.db.OutboxBacklogs(ctx)
		if err != nil {
			return nil, err
		}
		now := m.now()
		out := make([]metrics.OutboxDepth, 0, len(list))
		for _, b := range list {
			d := metrics.OutboxDepth{Kind: kinds[b.Table], Queued: b.Queued}
			if d.Kind == "" {
				d.Kind = strings.TrimSuffix(b.Table, "_outbox")
			}
			if !b.Oldest.IsZero() {
				d.Oldest = now.Sub(b.Oldest)
			}
			out = append(out, d)
		}
		return out, nil
	})
}
