package store_test

import (
	"fmt"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestClaimEventCounts_EqualCountingTheEvents writes events every way the
// code writes them (the service, an import, the bulk inserts, one event
// moved and one deleted by hand), then dumps and restores the database, and
// checks after each step that the counts a claim's page reads are the
// claim's events counted one by one.
func TestClaimEventCounts_EqualCountingTheEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, st, c1 := serviceWithClaim(t, db)
		c2, err := svc.AddClaim(ctxT(t), editor, st.ID, claims.NewClaim{Text: "The meeting took place", WhatWouldSettle: "minutes"})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, db, "the service's writes", c1.ID, c2.ID)

		version := c1.Version
		for _, status := range []string{"investigating", "disputed", "confirmed"} {
			c, err := svc.UpdateClaim(ctxT(t), editor, c1.ID, claims.ClaimPatch{Status: ptr(status), Note: "now " + status, Version: version})
			if err != nil {
				t.Fatal(err)
			}
			version = c.Version
		}
		mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &c1.ID, Kind: claims.EventNoteAdded, Note: "internal", Public: false})
		mustEvent(t, db, claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded, Note: "the story's own", Public: true})
		wantCounts(t, db, "status changes and an internal note", c1.ID, c2.ID)

		published := true
		rep, err := svc.ImportStory(ctxT(t), editor, "imported.yaml", &claims.StoryFile{Slug: "imported", Title: "Imported", Published: &published,
			Claims: []claims.FileClaim{{Text: "An imported claim", Status: "disputed", WhatWouldSettle: "a record",
				Evidence: []claims.FileEvidence{{Summary: "A document", Stance: "context"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		imported, err := db.StoryBySlug(ctxT(t), "imported")
		if err != nil {
			t.Fatalf("import %+v: %v", rep, err)
		}
		c3 := mustClaim(t, db, imported.ID, "seeded in bulk", "unverified")

		var bulk []claims.Event
		for i := range 1200 {
			claim := []int64{c1.ID, c2.ID, c3.ID}[i%3]
			bulk = append(bulk, claims.Event{StoryID: st.ID, ClaimID: &claim, Kind: claims.EventNoteAdded, Note: fmt.Sprint("bulk ", i), Public: i%4 != 0})
		}
		if err := db.InsertEvents(ctxT(t), bulk); err != nil {
			t.Fatal(err)
		}
		ids := append([]int64{c1.ID, c2.ID}, claimIDsOf(t, db, imported.ID)...) // c3's story is the import's
		wantCounts(t, db, "an import and the bulk inserts", ids...)

		// No code path moves or deletes an event today; the triggers count
		// them anyway, so one that does cannot leave a count behind.
		for _, stmt := range []string{
			fmt.Sprintf("UPDATE events SET public = NOT public WHERE id = %d", bulk[0].ID),
			fmt.Sprintf("UPDATE events SET claim_id = %d WHERE id = %d", c3.ID, bulk[1].ID),
			fmt.Sprintf("DELETE FROM events WHERE id = %d", bulk[2].ID),
		} {
			if err := store.Exec(ctxT(t), db, stmt); err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
		}
		wantCounts(t, db, "an event moved, made public and deleted", ids...)

		for dialect, dsn := range storetest.UnmigratedDSNs(t) {
			fresh := openStore(t, dsn)
			restoreInto(t, fresh, dumpOf(t, db))
			wantCounts(t, fresh, "a restore into "+dialect, ids...)
			c, err := fresh.ClaimByID(ctxT(t), c1.ID)
			if err != nil {
				t.Fatal(err)
			}
			cs := claims.NewService(fresh, claims.DefaultVocabulary(), nil)
			if _, err := cs.UpdateClaim(ctxT(t), editor, c.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "after the restore", Version: c.Version}); err != nil {
				t.Fatal(err)
			}
			wantCounts(t, fresh, "a write after a restore into "+dialect, ids...)
		}
	})
}

// TestMigration00020_CountsTheEventsAlreadyWritten writes events with the
// schema before the counts, then migrates: the claims start with the counts
// of the events they already have.
func TestMigration00020_CountsTheEventsAlreadyWritten(t *testing.T) {
	t.Parallel()
	for dialect, dsn := range storetest.UnmigratedDSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			db := openStore(t, dsn)
			if err := store.MigrateUpTo(ctxT(t), db, 19); err != nil {
				t.Fatal(err)
			}
			st := mustStory(t, db, "before", true)
			c1 := mustClaim(t, db, st.ID, "c1", "unverified")
			c2 := mustClaim(t, db, st.ID, "c2", "unverified")
			for i := range 7 {
				claim := []int64{c1.ID, c2.ID}[i%2]
				mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &claim, Kind: claims.EventNoteAdded, Note: fmt.Sprint(i), Public: i%3 != 0})
			}
			mustEvent(t, db, claims.Event{StoryID: st.ID, Kind: claims.EventNoteAdded, Note: "the story's own", Public: true})
			if err := db.Migrate(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			wantCounts(t, db, "migrating", c1.ID, c2.ID)
			mustEvent(t, db, claims.Event{StoryID: st.ID, ClaimID: &c2.ID, Kind: claims.EventNoteAdded, Note: "after", Public: true})
			wantCounts(t, db, "a write after migrating", c1.ID, c2.ID)
		})
	}
}

// wantCounts checks that CountEvents, which reads a claim's stored counts,
// says what counting the claim's events row by row says.
func wantCounts(t *testing.T, db *store.DB, after string, claimIDs ...int64) {
	t.Helper()
	for _, id := range claimIDs {
		for _, public := range []bool{false, true} {
			got, err := db.CountEvents(ctxT(t), claims.EventQuery{ClaimID: id, PublicOnly: public})
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("claim_id = %d", id)
			if public {
				where += " AND public"
			}
			want, err := store.CountWhere(ctxT(t), db, "events", where)
			if err != nil {
				t.Fatal(err)
			}
			if want == 0 {
				t.Fatalf("after %s: claim %d has no events to count", after, id)
			}
			if int64(got) != want {
				t.Errorf("after %s: claim %d (public only: %v) counts %d events; it has %d", after, id, public, got, want)
			}
		}
	}
}

func claimIDsOf(t *testing.T, db *store.DB, storyID int64) []int64 {
	t.Helper()
	cs, err := db.ClaimsByStory(ctxT(t), storyID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		t.Fatalf("story %d has no claims", storyID)
	}
	return ids
}
