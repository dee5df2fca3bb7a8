package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

func TestMailOutbox_ALeaseIsOneWorkersAndOnlyItsHolderSettlesTheRow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		m := &txmail.Mail{Kind: txmail.KindThrottled, UserID: 7, Wait: 90 * time.Second, CreatedAt: t0}
		if err := db.QueueMail(ctx, m); err != nil || m.ID == 0 {
			t.Fatalf("QueueMail: id %d, %v", m.ID, err)
		}
		lease := func(owner string, now time.Time) []txmail.Mail {
			t.Helper()
			got, err := db.LeaseMails(ctx, owner, now, now.Add(time.Minute), 10)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := lease("early", t0.Add(-time.Second)); len(got) != 0 {
			t.Fatalf("leased before it was due: %+v", got)
		}
		got := lease("a", t0)
		if len(got) != 1 || got[0].Kind != txmail.KindThrottled || got[0].UserID != 7 || got[0].Wait != 90*time.Second || got[0].SubscriptionID != 0 {
			t.Fatalf("lease: %+v, want the one row as queued", got)
		}
		if got := lease("b", t0.Add(30*time.Second)); len(got) != 0 {
			t.Fatalf("b leased a row a holds: %+v", got)
		}
		// a's lease runs out; b takes the row, and a's late outcome is refused.
		if got := lease("b", t0.Add(time.Minute)); len(got) != 1 {
			t.Fatalf("b after a's lease: %+v", got)
		}
		sent := txmail.Outcome{State: outbox.StateSent, Attempted: true, At: t0.Add(time.Minute)}
		if held, err := db.SettleMail(ctx, m.ID, "a", sent); held || err != nil {
			t.Fatalf("a settled a row b holds: %v, %v", held, err)
		}
		if held, err := db.SettleMail(ctx, m.ID, "b", sent); !held || err != nil {
			t.Fatalf("b settling its row: %v, %v", held, err)
		}
		rows, err := db.Mails(ctx)
		if err != nil || len(rows) != 1 || rows[0].State != outbox.StateSent || rows[0].Attempts != 1 {
			t.Fatalf("after sending: %+v, %v", rows, err)
		}
		if got := lease("c", t0.Add(time.Hour)); len(got) != 0 {
			t.Errorf("a sent row was leased again: %+v", got)
		}
	})
}
