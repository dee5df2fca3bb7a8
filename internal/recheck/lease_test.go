package recheck_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// A sweep holds its sources only while their lease lasts. Sources on one
// host wait their polite turn; one whose turn would come after the lease
// ran out (when another instance may have taken it) is dropped, unfetched
// and unrecorded, instead of being checked twice.
func TestSweep_ASourceWhoseLeaseRunsOutBeforeItsTurnIsDroppedNotFetched(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("The petition passed 1,500 signatures."))
		c := f.claim(t, f.story.ID, "The petition passed 1,500 signatures")
		for i := range 3 {
			f.link(t, c.ID, fmt.Sprintf("%s/p%d", p.srv.URL, i))
		}
		// One request to the host every 5 s, and a lease of 1.5 s: the first
		// source is fetched at once, the other two would have to wait past it.
		client := loopbackClient(t, fetch.Options{PerHostGap: 5 * time.Second})
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Concurrency: 4,
			LeaseFor: 1500 * time.Millisecond})
		var mu sync.Mutex
		var lost, checked int
		sum, err := chk.Sweep(t.Context(), func(r *recheck.Result, err error) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, recheck.ErrLeaseLost):
				lost++
			case err == nil:
				checked++
			default:
				t.Errorf("check failed otherwise: %v", err)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if checked != 1 || lost != 2 || sum.Checked != 1 {
			t.Fatalf("checked %d, dropped %d (summary %+v); want 1 checked and 2 dropped", checked, lost, sum)
		}
		hits := 0
		for i := range 3 {
			hits += p.hitsOf(fmt.Sprintf("/p%d", i))
		}
		if hits != 1 {
			t.Errorf("the host got %d requests, want 1: dropped sources must not be fetched", hits)
		}
		ls, err := f.db.SourcesByClaim(t.Context(), c.ID)
		if err != nil || len(ls) != 3 {
			t.Fatalf("SourcesByClaim = %v, %v", ls, err)
		}
		n := 0
		for _, l := range ls {
			n += len(f.checks(t, l.Source.ID))
		}
		if n != 1 {
			t.Errorf("%d checks recorded, want 1", n)
		}
	})
}
