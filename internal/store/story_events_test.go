package store_test

import (
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func storyKinds(t *testing.T, db *store.DB, storyID int64) []claims.EventKind {
	t.Helper()
	evs, err := db.Events(ctxT(t), claims.EventQuery{StoryID: storyID, Oldest: true, Page: claims.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []claims.EventKind
	for _, e := range evs {
		if e.ClaimID == nil {
			kinds = append(kinds, e.Kind)
		}
	}
	return kinds
}

func TestService_StoryWritesAreOnTheTimeline(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.CreateStory(ctxT(t), editor, claims.NewStory{Title: "Council vote"})
		if err != nil {
			t.Fatal(err)
		}
		st, err = svc.UpdateStory(ctxT(t), editor, st.Slug, claims.StoryPatch{Title: ptr("Council vote, recounted"), Version: st.Version})
		if err != nil {
			t.Fatal(err)
		}
		pub := true
		st, err = svc.UpdateStory(ctxT(t), editor, st.Slug, claims.StoryPatch{Published: &pub, Version: st.Version})
		if err != nil {
			t.Fatal(err)
		}
		pub = false
		if _, err = svc.UpdateStory(ctxT(t), editor, st.Slug, claims.StoryPatch{Published: &pub, Version: st.Version}); err != nil {
			t.Fatal(err)
		}
		got := storyKinds(t, db, st.ID)
		want := []claims.EventKind{claims.EventStoryCreated, claims.EventStoryEdited, claims.EventStoryPublished, claims.EventStoryUnpublished}
		if len(got) != len(want) {
			t.Fatalf("story events %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("story events %v, want %v", got, want)
			}
		}

		// A stale edit writes no event.
		if _, err := svc.UpdateStory(ctxT(t), editor, st.Slug, claims.StoryPatch{Title: ptr("Lost"), Version: 1}); claims.ErrorCode(err) != claims.ECONFLICT {
			t.Fatalf("stale edit err = %v, want conflict", err)
		}
		if n := len(storyKinds(t, db, st.ID)); n != len(want) {
			t.Fatalf("a refused edit left an event: %d events, want %d", n, len(want))
		}
	})
}

func TestService_ReviewDateChangeIsAnInternalEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		if _, err := svc.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{ReviewBy: &due, Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		all, err := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID, Page: claims.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 || all[0].Kind != claims.EventClaimEdited || all[0].Public {
			t.Fatalf("newest event %+v, want an internal claim_edited for the review date", all[0])
		}
		public, err := db.Events(ctxT(t), claims.EventQuery{ClaimID: c.ID, PublicOnly: true, Page: claims.Page{Limit: 10}})
		if err != nil {
			t.Fatal(err)
		}
		if public[0].Kind == claims.EventClaimEdited {
			t.Fatalf("readers see the review-date change: %+v", public[0])
		}
	})
}
