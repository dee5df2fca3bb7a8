package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestDueSources_ReadsNoSourceItHasNoUseFor keeps a sweep's lease from
// walking every source already checked to reach the never-checked ones,
// which made a sweep of N new sources cost O(N²): each statement a lease
// sends is planned, none may read the sources table whole, and the never
// checked are read off the index that holds only them. SQLite plans as it
// does in production, without statistics; PostgreSQL plans an empty
// database, so only whether an index can answer is asked of it.
func TestDueSources_ReadsNoSourceItHasNoUseFor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
		plans, err := store.PlanReads(ctx, db, func() error {
			_, err := db.DueSources(ctx, claims.CheckQuery{Now: now, LeaseUntil: now.Add(time.Minute), Limit: 100})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(plans) == 0 {
			t.Fatal("no statement was planned")
		}
		walksNeverChecked := false
		for _, p := range plans {
			_, node, _ := strings.Cut(p, ": ")
			walksNeverChecked = walksNeverChecked || strings.Contains(node, "sources_never_checked")
			if node == "SCAN s" || strings.HasPrefix(node, "SCAN s ") && !strings.Contains(node, "sources_never_checked") ||
				strings.Contains(node, "Seq Scan on sources ") {
				t.Errorf("reads every source: %s", p)
			}
		}
		if !walksNeverChecked {
			t.Errorf("the never checked are not read off sources_never_checked:\n%s", strings.Join(plans, "\n"))
		}
	})
}
