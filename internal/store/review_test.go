package store_test

import (
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

var (
	editorA = claims.Actor{UserID: 11, Name: "Ann", Role: "editor"}
	editorB = claims.Actor{UserID: 12, Name: "Bo", Role: "editor"}
)

func TestReview_StatusChangeByEditorOpensItemOthersSeeButNotTheAuthor(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		got, err := svc.UpdateClaim(ctxT(t), editorA, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "forensics back", Version: c.Version})
		if err != nil {
			t.Fatal(err)
		}
		forB, err := svc.ReviewQueue(ctxT(t), editorB, claims.ReviewQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(forB) != 1 {
			t.Fatalf("editor B sees %d items, want 1", len(forB))
		}
		it := forB[0]
		if it.State != claims.ReviewOpen || it.Event.Kind != claims.EventStatusChanged || it.Event.ToStatus != "confirmed" ||
			*it.Event.ClaimID != got.ID || it.Event.Actor != "Ann" || it.ClosedAt != nil {
			t.Fatalf("item = %+v, want an open item about Ann's status change", it)
		}
		forA, err := svc.ReviewQueue(ctxT(t), editorA, claims.ReviewQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(forA) != 0 {
			t.Fatalf("editor A sees %d items about their own change, want 0", len(forA))
		}
	})
}

func TestReview_EditsWithoutStatusChangeAndSystemChangesOpenNoItem(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		c, err := svc.UpdateClaim(ctxT(t), editorA, c.ID, claims.ClaimPatch{Text: ptr("Reworded"), Version: c.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UpdateClaim(ctxT(t), claims.ActorDemo, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "demo", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "review_items"); n != 0 {
			t.Fatalf("%d review items, want 0", n)
		}
	})
}

func TestReview_MarkReviewedRecordsWhoAndSecondCloseConflicts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.UpdateClaim(ctxT(t), editorA, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "n", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		items, _ := svc.ReviewQueue(ctxT(t), editorB, claims.ReviewQuery{})
		if len(items) != 1 {
			t.Fatalf("%d items, want 1", len(items))
		}
		r, err := svc.MarkReviewed(ctxT(t), editorB, items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != claims.ReviewReviewed || r.ClosedBy != "Bo" || r.ClosedAt == nil {
			t.Fatalf("closed item = %+v", r)
		}
		stored, err := db.ReviewItemByID(ctxT(t), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != claims.ReviewReviewed || stored.ClosedByID == nil || *stored.ClosedByID != editorB.UserID || stored.ClosedAt == nil {
			t.Fatalf("stored item = %+v", stored)
		}
		_, err = svc.MarkReviewed(ctxT(t), editorA, r.ID)
		wantCode(t, err, claims.ECONFLICT)
		_, err = svc.DismissProposal(ctxT(t), editorA, r.ID)
		wantCode(t, err, claims.ECONFLICT)
		_, err = svc.MarkReviewed(ctxT(t), editorA, 999999)
		wantCode(t, err, claims.ENOTFOUND)
		open, _ := svc.ReviewQueue(ctxT(t), claims.Actor{UserID: 99}, claims.ReviewQuery{})
		if len(open) != 0 {
			t.Fatalf("%d open items after review, want 0", len(open))
		}
	})
}

func TestReview_CloseReviewItemIsConditionalSoOnlyOneOfConcurrentClosesWins(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.UpdateClaim(ctxT(t), editorA, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "n", Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		items, _ := svc.ReviewQueue(ctxT(t), editorB, claims.ReviewQuery{})
		id := items[0].ID
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.CloseReviewItem(ctxT(t), id, claims.ReviewReviewed, claims.Actor{UserID: int64(100 + i), Name: "x"}, time.Now())
			}()
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch claims.ErrorCode(err) {
			case "":
				wins++
			case claims.ECONFLICT:
			default:
				t.Fatalf("close: %v", err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d closes won, want exactly 1", wins)
		}
	})
}

func TestReview_AcceptProposalMovesTheClaimAndDismissLeavesIt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c := serviceWithClaim(t, db)
		propose := func() int64 {
			t.Helper()
			ev := mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &c.ID, Kind: claims.EventStatusProposed,
				Actor: claims.ActorRecheck.Name, FromStatus: "unverified", ToStatus: "disputed", Note: "source changed"})
			r := &claims.ReviewItem{EventID: ev.ID}
			if err := db.CreateReviewItem(ctxT(t), r); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		dismissed := propose()
		if _, err := svc.DismissProposal(ctxT(t), editorB, dismissed); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.ClaimByID(ctxT(t), c.ID); got.Status != "unverified" {
			t.Fatalf("after dismiss status = %q", got.Status)
		}
		accepted := propose()
		r, err := svc.AcceptProposal(ctxT(t), editorB, accepted, "agreed")
		if err != nil {
			t.Fatal(err)
		}
		if r.State != claims.ReviewAccepted {
			t.Fatalf("state = %q", r.State)
		}
		if got, _ := db.ClaimByID(ctxT(t), c.ID); got.Status != "disputed" {
			t.Fatalf("after accept status = %q, want disputed", got.Status)
		}
	})
}

func TestReview_CreateReviewItemTwiceForOneEventConflicts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		st := mustStory(t, db, "s", true)
		ev := mustEvent(t, db, claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded})
		if err := db.CreateReviewItem(ctxT(t), &claims.ReviewItem{EventID: ev.ID}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.CreateReviewItem(ctxT(t), &claims.ReviewItem{EventID: ev.ID}), claims.ECONFLICT)
		wantCode(t, db.CreateReviewItem(ctxT(t), &claims.ReviewItem{EventID: 999999}), claims.ENOTFOUND)
	})
}

func TestSourceIsPublic_OnlyWhileLinkedToAPublishedStory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		pub := mustStory(t, db, "pub", true)
		draft := mustStory(t, db, "draft", false)
		pc := mustClaim(t, db, pub.ID, "public claim", "unverified")
		dc := mustClaim(t, db, draft.ID, "draft claim", "unverified")
		linked := mustSource(t, db, "https://a.example/1", "A", claims.OutletWire)
		draftOnly := mustSource(t, db, "https://a.example/2", "A", claims.OutletWire)
		loose := mustSource(t, db, "https://a.example/3", "A", claims.OutletWire)
		unlinked := mustSource(t, db, "https://a.example/4", "A", claims.OutletWire)
		for _, l := range []struct{ c, s int64 }{{pc.ID, linked.ID}, {dc.ID, draftOnly.ID}, {pc.ID, unlinked.ID}} {
			if err := db.LinkSource(ctxT(t), l.c, l.s, claims.StanceSupports); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.UnlinkSource(ctxT(t), pc.ID, unlinked.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.PublicSource(ctxT(t), linked.ID); err != nil {
			t.Fatalf("source of a published claim: %v", err)
		}
		for name, id := range map[string]int64{"draft only": draftOnly.ID, "never linked": loose.ID, "unlinked": unlinked.ID, "unknown": 999999} {
			_, err := svc.PublicSource(ctxT(t), id)
			if claims.ErrorCode(err) != claims.ENOTFOUND {
				t.Errorf("%s: err %v, want not_found", name, err)
			}
		}
	})
}

func TestClaimsDueForReview_PastDateAndNotWithdrawn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, due := serviceWithClaim(t, db)
		now := time.Now()
		past, future := now.Add(-time.Hour), now.Add(time.Hour)
		if _, err := svc.UpdateClaim(ctxT(t), editorA, due.ID, claims.ClaimPatch{ReviewBy: &past, Version: due.Version}); err != nil {
			t.Fatal(err)
		}
		later := mustClaim(t, db, st.ID, "later", "unverified")
		if _, err := svc.UpdateClaim(ctxT(t), editorA, later.ID, claims.ClaimPatch{ReviewBy: &future, Version: later.Version}); err != nil {
			t.Fatal(err)
		}
		gone := mustClaim(t, db, st.ID, "gone", "unverified")
		gone, _ = svc.UpdateClaim(ctxT(t), editorA, gone.ID, claims.ClaimPatch{ReviewBy: &past, Version: gone.Version})
		if _, err := svc.WithdrawClaim(ctxT(t), editorA, gone.ID, "mistake"); err != nil {
			t.Fatal(err)
		}
		mustClaim(t, db, st.ID, "no date", "unverified")
		got, err := svc.ClaimsDueForReview(ctxT(t), now)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != due.ID {
			t.Fatalf("due = %+v, want only claim %d", got, due.ID)
		}
	})
}

func TestRecentEvents_LeavesOutTheViewersOwn(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.AddNote(ctxT(t), editorA, c.ID, "mine"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddNote(ctxT(t), editorB, c.ID, "theirs"); err != nil {
			t.Fatal(err)
		}
		evs, err := svc.RecentEvents(ctxT(t), editorA.UserID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 || evs[0].Note != "theirs" {
			t.Fatalf("newest event = %+v, want B's note first", evs)
		}
		for _, e := range evs {
			if e.ActorID != nil && *e.ActorID == editorA.UserID {
				t.Fatalf("A's own event %+v listed", e)
			}
		}
	})
}
