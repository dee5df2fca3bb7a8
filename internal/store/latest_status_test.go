package store_test

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestLatestStatusEvents_NewestPublicStatusEventOfEachClaim: the event that
// gave each claim its status is its newest public creation or status change,
// whatever public notes or internal changes came after, and a claim without
// one is left out.
func TestLatestStatusEvents_NewestPublicStatusEventOfEachClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "verdicts", true)
		changed := mustClaim(t, db, st.ID, "Changed twice", "unverified")
		created := mustClaim(t, db, st.ID, "Only created", "unverified")
		none := mustClaim(t, db, st.ID, "No events", "unverified")
		ev := func(c *claims.Claim, kind claims.EventKind, to string, public bool) claims.Event {
			return mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &c.ID, Kind: kind, ToStatus: to, Public: public})
		}
		ev(changed, claims.EventClaimCreated, "unverified", true)
		ev(changed, claims.EventStatusChanged, "investigating", true)
		want := ev(changed, claims.EventStatusChanged, "confirmed", true)
		for range 30 {
			ev(changed, claims.EventNoteAdded, "", true)
		}
		ev(changed, claims.EventStatusChanged, "refuted", false)
		wantCreated := ev(created, claims.EventClaimCreated, "unverified", true)
		ev(created, claims.EventStatusChanged, "confirmed", false)

		got, err := db.LatestStatusEvents(ctxT(t), []int64{changed.ID, created.ID, none.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[changed.ID].ID != want.ID || got[created.ID].ID != wantCreated.ID {
			t.Errorf("got %+v, want event %d for the changed claim and %d for the created one, none for the third",
				got, want.ID, wantCreated.ID)
		}
		if got[changed.ID].ToStatus != "confirmed" {
			t.Errorf("the changed claim's status event sets %q, want confirmed", got[changed.ID].ToStatus)
		}
	})
}
