package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestSQLite_WriteCommitsWhileEveryReaderIsBusy: SQLite's readers share a
// bounded pool, and a write transaction has a connection of its own, so a
// write that got its turn never queues for a connection behind readers;
// what it wrote is what the next read sees.
func TestSQLite_WriteCommitsWhileEveryReaderIsBusy(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	ctx := context.Background()
	n, release, err := store.HoldReaders(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the readers' pool is unbounded: a burst of reads runs on as many threads as it has requests")
	}
	// The bound only turns a write stuck behind the readers into a failure
	// instead of a hung test.
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err = db.Tx(wctx, func(ctx context.Context) error {
		return store.Exec(ctx, db, "INSERT INTO write_probe (id, at) VALUES (1, CURRENT_TIMESTAMP)")
	})
	release()
	if err != nil {
		t.Fatalf("a write with all %d readers busy: %v", n, err)
	}
	if rows, err := store.CountRows(ctx, db, "write_probe"); err != nil || rows != 1 {
		t.Errorf("write_probe holds %d rows (%v), want the one written", rows, err)
	}
}
