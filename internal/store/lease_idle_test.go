package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestLease_NothingDueLeavesTheWriterAlone: the outbox workers are woken by
// every write and most often find nothing due. Finding that must not take
// a write transaction, which on SQLite would queue behind (and then hold
// up) the writes themselves: with another write transaction open, a lease
// of empty outboxes still answers at once.
func TestLease_NothingDueLeavesTheWriterAlone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		open, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
		go func() {
			done <- db.Tx(ctx, func(ctx context.Context) error {
				close(open)
				<-release
				return nil
			})
		}()
		<-open
		// The bound only turns a lease stuck behind the open transaction
		// into a failure instead of a hung test.
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		until := now.Add(time.Minute)
		alerts, err := db.LeaseAlerts(ctx, "w1", now, until, 10)
		if err != nil || len(alerts) != 0 {
			t.Errorf("LeaseAlerts = %d rows, %v; want none, no error", len(alerts), err)
		}
		deliveries, err := db.LeaseDeliveries(ctx, "w1", now, until, 10)
		if err != nil || len(deliveries) != 0 {
			t.Errorf("LeaseDeliveries = %d rows, %v; want none, no error", len(deliveries), err)
		}
		mails, err := db.LeaseMails(ctx, "w1", now, until, 10)
		if err != nil || len(mails) != 0 {
			t.Errorf("LeaseMails = %d rows, %v; want none, no error", len(mails), err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
