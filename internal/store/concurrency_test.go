package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

const writers = 50

// addClaimsConcurrently runs one AddClaim per writer, all at once, spread
// over the given stores, and returns every error.
func addClaimsConcurrently(t *testing.T, dbs []*store.DB, storyID int64) []error {
	t.Helper()
	errs := make([]error, writers)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range writers {
		svc := claims.NewService(dbs[i%len(dbs)], claims.DefaultVocabulary(), nil)
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			_, errs[i] = svc.AddClaim(context.Background(), claims.ActorDemo, storyID, claims.NewClaim{Text: fmt.Sprintf("claim %d", i)})
		}()
	}
	start.Done()
	done.Wait()
	return errs
}

func TestSQLite_FiftyConcurrentWritersAllSucceed(t *testing.T) {
	t.Parallel()
	// Two stores on one file behave like two processes sharing it.
	dsn := storetest.SQLiteDSN(t)
	var dbs []*store.DB
	for range 2 {
		db, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	svc := claims.NewService(dbs[0], claims.DefaultVocabulary(), nil)
	st, err := svc.CreateStory(context.Background(), claims.ActorDemo, claims.NewStory{Title: "Busy story", Published: true})
	if err != nil {
		t.Fatal(err)
	}

	for i, err := range addClaimsConcurrently(t, dbs, st.ID) {
		if err != nil {
			locked := strings.Contains(err.Error(), "database is locked")
			t.Errorf("writer %d failed (database is locked: %v): %v", i, locked, err)
		}
	}
	checkClaimsAdded(t, dbs[1], st.ID)
}

func TestAddClaim_ConcurrentWritersGetDistinctPositions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
		st, err := svc.CreateStory(ctxT(t), claims.ActorDemo, claims.NewStory{Title: "Busy story", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, err := range addClaimsConcurrently(t, []*store.DB{db}, st.ID) {
			if err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		}
		checkClaimsAdded(t, db, st.ID)
	})
}

// checkClaimsAdded checks that every writer's claim, event and revision bump
// is there, with positions 1 to writers.
func checkClaimsAdded(t *testing.T, db *store.DB, storyID int64) {
	t.Helper()
	list, err := db.ClaimsByStory(context.Background(), storyID)
	if err != nil {
		t.Fatal(err)
	}
	var positions, want []int
	for i, c := range list {
		positions = append(positions, c.Position)
		want = append(want, i+1)
	}
	if !slices.Equal(positions, want) {
		t.Errorf("positions %v, want 1 to %d each once", positions, writers)
	}
	evs, err := db.Events(context.Background(), claims.EventQuery{StoryID: storyID, Page: claims.Page{Limit: 2 * writers}})
	created := 0
	for _, e := range evs {
		if e.Kind == claims.EventClaimCreated {
			created++
		}
	}
	if err != nil || created != writers {
		t.Errorf("%d claim_created events (err %v), want %d", created, err, writers)
	}
	// The story's creation bumped its revision once, each claim once more.
	if rev, err := db.StoryRevision(context.Background(), storyID); err != nil || rev != 2+writers {
		t.Errorf("revision %d (err %v), want %d", rev, err, 2+writers)
	}
}
