package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Status hooks run inside the change's transaction: they see the change,
// and their failure undoes it (what keeps the alert outbox exact).
func TestService_StatusHookRunsInTheChangesTransaction(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		var seen []claims.StatusTransition
		fail := false
		svc.OnStatusChange(func(ctx context.Context, ch claims.StatusTransition) error {
			// Read through the transaction's context: the new status is there.
			cur, err := db.ClaimByID(ctx, ch.Claim.ID)
			if err != nil {
				return err
			}
			if cur.Status != ch.Claim.Status {
				t.Errorf("inside the hook the claim reads %q, want %q", cur.Status, ch.Claim.Status)
			}
			seen = append(seen, ch)
			if fail {
				return errors.New("outbox unavailable")
			}
			return nil
		})

		c, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "Lab report", Version: c.Version})
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 {
			t.Fatalf("hook ran %d times, want 1", len(seen))
		}
		ch := seen[0]
		if ch.Event.ID == 0 || ch.Event.Kind != claims.EventStatusChanged || ch.Event.FromStatus != "unverified" ||
			ch.Event.ToStatus != "confirmed" || ch.Event.Note != "Lab report" {
			t.Errorf("hook event = %+v", ch.Event)
		}
		if ch.FromResolved || !ch.ToResolved || !ch.StoryPublished {
			t.Errorf("hook flags: from resolved %v, to resolved %v, published %v; want false, true, true",
				ch.FromResolved, ch.ToResolved, ch.StoryPublished)
		}

		// Wording only: no hook.
		if c, err = svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Text: ptr("The recording is genuine"), Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		if len(seen) != 1 {
			t.Fatalf("a rewording ran the status hook")
		}

		fail = true
		_, err = svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("disputed"), Note: "New doubts", Version: c.Version})
		if err == nil {
			t.Fatal("a failing hook did not fail the change")
		}
		got, _ := db.ClaimByID(ctxT(t), c.ID)
		evs, _ := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID, ToStatuses: []string{"disputed"}})
		if got.Status != "confirmed" || got.Version != c.Version || len(evs) != 0 {
			t.Errorf("after a failing hook: status %q, version %d→%d, %d disputed events; want nothing changed",
				got.Status, c.Version, got.Version, len(evs))
		}
	})
}
