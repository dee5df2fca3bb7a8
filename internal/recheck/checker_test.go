package recheck_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func sweep(t *testing.T, c *recheck.Checker) recheck.Summary {
	t.Helper()
	sum, err := c.Sweep(t.Context(), nil)
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	return sum
}

func TestSweep_ChangedPageGivesOneSourceChangedEventPerLinkedClaimWithDiffThenSettles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("The minister said the recording was fabricated.", "An inquiry will report in May."))
		url := p.srv.URL + "/statement"
		c1, c2 := f.claim(t, f.story.ID, "The recording is authentic"), f.claim(t, f.story.ID, "The minister denied it")
		f.link(t, c1.ID, url)
		src := f.link(t, c2.ID, url)
		chk := f.checker(t, testClient(t, true, nil))

		if sum := sweep(t, chk); sum.Checked != 1 || sum.Events != 0 {
			t.Fatalf("baseline sweep = %+v, want one check and no events", sum)
		}
		if snap, err := f.svc.LatestSnapshot(t.Context(), src.ID); err != nil || snap.Diff != "" {
			t.Fatalf("baseline snapshot = %+v, %v; want one without a diff", snap, err)
		}

		p.set(article("The minister said the recording was authentic.", "An inquiry will report in May."), http.StatusOK)
		f.clock.Advance(2 * time.Hour)
		if sum := sweep(t, chk); sum.Checked != 1 || sum.Events != 1 {
			t.Fatalf("sweep after the edit = %+v, want one check with one event", sum)
		}
		for _, c := range []*claims.Claim{c1, c2} {
			evs := f.events(t, c.ID)
			if n := kindsOf(evs)[claims.EventSourceChanged]; n != 1 {
				t.Fatalf("claim %d has %d source_changed events, want 1", c.ID, n)
			}
			ev := evs[0]
			var payload struct {
				Added, Removed []string
				AddedCount     int `json:"added_count"`
			}
			if err := json.Unmarshal(ev.Payload, &payload); err != nil {
				t.Fatal(err)
			}
			if ev.Kind != claims.EventSourceChanged || ev.Actor != claims.ActorRecheck.Name || !ev.Public ||
				payload.AddedCount != 1 || !strings.Contains(payload.Added[0], "authentic") || !strings.Contains(payload.Removed[0], "fabricated") {
				t.Fatalf("newest event on claim %d = %+v payload %s; want a public re-check source_changed naming the edit", c.ID, ev, ev.Payload)
			}
		}
		snap, err := f.svc.LatestSnapshot(t.Context(), src.ID)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := claims.DecompressText(snap.TextGz)
		if !strings.Contains(text, "was authentic") || !strings.Contains(snap.Diff, "+ The minister said the recording was authentic.") {
			t.Fatalf("snapshot after the edit: text %q diff %q", text, snap.Diff)
		}
		items, _ := f.svc.ReviewQueue(t.Context(), claims.Actor{Name: "other"}, claims.ReviewQuery{})
		if len(items) != 2 {
			t.Fatalf("review queue holds %d items, want one per claim (2)", len(items))
		}

		f.clock.Advance(20 * time.Minute)
		if sum := sweep(t, chk); sum.Checked != 1 || sum.Events != 0 {
			t.Fatalf("settling sweep = %+v, want one check and no event", sum)
		}
		if n := kindsOf(f.events(t, c1.ID))[claims.EventSourceChanged]; n != 1 {
			t.Fatalf("after an unchanged re-check claim has %d source_changed events, want still 1", n)
		}
		got, _ := db.SourceByID(t.Context(), src.ID)
		if got.State != claims.SourceLive || got.LastCheckedAt == nil || !got.LastCheckedAt.Equal(f.clock.Now()) {
			t.Fatalf("source after settling = %+v, want live and checked now", got)
		}
	})
}

func TestSweep_NotModifiedAnswerToStoredETagRecordsNoEvent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("Unchanging text of the page."))
		p.etag = `"v1"`
		c := f.claim(t, f.story.ID, "A claim")
		f.link(t, c.ID, p.srv.URL+"/a")
		chk := f.checker(t, testClient(t, true, nil))
		sweep(t, chk)
		before := len(f.events(t, c.ID))
		f.clock.Advance(2 * time.Hour)
		if sum := sweep(t, chk); sum.Checked != 1 || sum.Events != 0 {
			t.Fatalf("second sweep = %+v, want one check, no events", sum)
		}
		p.mu.Lock()
		sent := append([]string(nil), p.ifNoneMatch...)
		p.mu.Unlock()
		if len(sent) != 1 || sent[0] != `"v1"` {
			t.Fatalf("server saw If-None-Match %q, want [\"v1\"] on the second check only", sent)
		}
		checks, _ := f.svc.SourceChecks(t.Context(), f.sourceID(t, c.ID), claims.Page{})
		if len(checks) != 2 || checks[0].StatusCode != http.StatusNotModified || checks[0].State != claims.SourceLive {
			t.Fatalf("checks = %+v, want the newest a 304 leaving the source live", checks)
		}
		if after := len(f.events(t, c.ID)); after != before {
			t.Fatalf("a 304 added %d events", after-before)
		}
	})
}

func (f *fixture) sourceID(t *testing.T, claimID int64) int64 {
	t.Helper()
	ls, err := f.db.SourcesByClaim(t.Context(), claimID)
	if err != nil || len(ls) != 1 {
		t.Fatalf("SourcesByClaim = %v, %v", ls, err)
	}
	return ls[0].ID
}

func TestCheckOne_NotFoundOnFirstCheckIsUnreachableNotGone(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, "missing")
		p.set("no such page", http.StatusNotFound)
		c := f.claim(t, f.story.ID, "A claim")
		src := f.link(t, c.ID, p.srv.URL+"/gone")
		res, err := f.checker(t, testClient(t, true, nil)).CheckOne(t.Context(), src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.State != claims.SourceUnreachable || res.StatusCode != http.StatusNotFound {
			t.Fatalf("result = %+v, want unreachable after one 404", res)
		}
		if k := kindsOf(f.events(t, c.ID)); k[claims.EventSourceUnreachable] != 1 || k[claims.EventSourceGone] != 0 {
			t.Fatalf("events = %v, want one source_unreachable and no source_gone", k)
		}
	})
}

func TestCheckOne_RefusedAddressRecordsSourceRefusedWithoutConnecting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		addr, conns := refusingListener(t)
		c := f.claim(t, f.story.ID, "A claim")
		src := f.link(t, c.ID, "http://"+addr+"/private")
		var dials atomic.Int64
		res, err := f.checker(t, testClient(t, false, &dials)).CheckOne(t.Context(), src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.State != claims.SourceRefused || res.Error == "" {
			t.Fatalf("result = %+v, want refused with a reason", res)
		}
		if conns.Load() != 0 || dials.Load() != 0 {
			t.Fatalf("listener saw %d connections and %d dials were tried, want none", conns.Load(), dials.Load())
		}
		evs := f.events(t, c.ID)
		if evs[0].Kind != claims.EventSourceRefused || evs[0].Public {
			t.Fatalf("newest event = %+v, want a non-public source_refused", evs[0])
		}
	})
}

func TestSweep_TwoSweepsAtOnceNeverCheckASourceTwice(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("Some text of a page."))
		const n = 12
		for i := range n {
			c := f.claim(t, f.story.ID, "Claim")
			f.link(t, c.ID, p.srv.URL+"/p"+string(rune('a'+i)))
		}
		// Two checkers stand for two processes: only the database lease
		// keeps them apart. A third sweep on the first checker stands for a
		// cron tick arriving while a sweep still runs.
		a, b := f.checker(t, testClient(t, true, nil)), f.checker(t, testClient(t, true, nil))
		var wg sync.WaitGroup
		sums := make([]recheck.Summary, 3)
		for i, c := range []*recheck.Checker{a, b, a} {
			wg.Go(func() { sums[i] = sweep(t, c) })
		}
		wg.Wait()
		total := 0
		for _, s := range sums {
			total += s.Checked
		}
		if total != n {
			t.Fatalf("sweeps checked %d sources in all (%+v), want each of %d once", total, sums, n)
		}
		for i := range n {
			if h := p.hitsOf("/p" + string(rune('a'+i))); h != 1 {
				t.Fatalf("path %d was fetched %d times, want once", i, h)
			}
		}
	})
}

func TestSweep_SourceLinkedFromAnotherStoryBumpsThatStorysRevision(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other, err := f.svc.CreateStory(t.Context(), editor, claims.NewStory{Title: "Another story", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		p := newPage(t, article("First version of the text."))
		url := p.srv.URL + "/shared"
		f.link(t, f.claim(t, f.story.ID, "Claim one").ID, url)
		oc := f.claim(t, other.ID, "Claim elsewhere")
		f.link(t, oc.ID, url)
		chk := f.checker(t, testClient(t, true, nil))
		sweep(t, chk)
		before, _ := db.StoryRevision(t.Context(), other.ID)
		p.set(article("Second version of the text."), http.StatusOK)
		f.clock.Advance(2 * time.Hour)
		sweep(t, chk)
		after, _ := db.StoryRevision(t.Context(), other.ID)
		if after <= before {
			t.Fatalf("other story's revision %d → %d, want it bumped", before, after)
		}
		if k := kindsOf(f.events(t, oc.ID)); k[claims.EventSourceChanged] != 1 {
			t.Fatalf("claim of the other story has events %v, want one source_changed", k)
		}
	})
}

func TestSweep_URLlessAndUnlinkedSourcesAreNeverDue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("Text."))
		c := f.claim(t, f.story.ID, "Claim")
		if _, err := f.svc.LinkSource(t.Context(), editor, c.ID, claims.NewSourceLink{Outlet: "Evening paper", OutletKind: "independent", Stance: "supports"}); err != nil {
			t.Fatal(err)
		}
		src := f.link(t, c.ID, p.srv.URL+"/unlinked")
		if err := f.svc.UnlinkSource(t.Context(), editor, c.ID, src.ID, ""); err != nil {
			t.Fatal(err)
		}
		if sum := sweep(t, f.checker(t, testClient(t, true, nil))); sum.Checked != 0 {
			t.Fatalf("sweep = %+v, want nothing checked", sum)
		}
		if h := p.hitsOf("/unlinked"); h != 0 {
			t.Fatalf("unlinked source fetched %d times", h)
		}
	})
}

// This pins the order in which DueSources hands out due sources, which
// users rely on: a new source gets its first check before any re-check, and
// re-checks go by how long they have been due, not by id.
func TestSweep_TakesNeverCheckedSourcesFirstThenTheLongestDue(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		quiet, edited := newPage(t, article("Nothing changes here.")), newPage(t, article("First version."))
		c := f.claim(t, f.story.ID, "A claim")
		a := f.link(t, c.ID, quiet.srv.URL+"/a")
		b := f.link(t, c.ID, edited.srv.URL+"/b")
		chk := recheck.New(f.svc, testClient(t, true, nil), recheck.Options{Rand: func() float64 { return 0.5 }, Batch: 1, Concurrency: 1})
		sweep(t, chk)

		// b changes, so it is re-checked after ChangedRecheck (10 min); a
		// is quiet and backs off for an hour.
		edited.set(article("Second version."), http.StatusOK)
		f.clock.Advance(2 * time.Hour)
		sweep(t, chk)
		d := f.link(t, c.ID, quiet.srv.URL+"/d")
		f.clock.Advance(2 * time.Hour)

		var order []int64
		if _, err := chk.Sweep(t.Context(), func(r *recheck.Result, err error) {
			if err != nil {
				t.Errorf("check failed: %v", err)
				return
			}
			order = append(order, r.SourceID)
		}); err != nil {
			t.Fatal(err)
		}
		want := []int64{d.ID, b.ID, a.ID}
		if fmt.Sprint(order) != fmt.Sprint(want) {
			t.Fatalf("sweep checked sources %v, want %v: the new one, then the changed one due first, then the quiet one", order, want)
		}
	})
}

func TestChecker_ReportHearsOfEveryCheckSweptOrAskedFor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("The council voted 7 to 2."))
		c := f.claim(t, f.story.ID, "The vote was 7 to 2")
		a := f.link(t, c.ID, p.srv.URL+"/a")
		f.link(t, c.ID, p.srv.URL+"/b")
		var mu sync.Mutex
		var heard []string
		chk := recheck.New(f.svc, testClient(t, true, nil), recheck.Options{Rand: func() float64 { return 0.5 },
			Report: func(r *recheck.Result, err error) {
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					heard = append(heard, "error")
					return
				}
				heard = append(heard, fmt.Sprintf("%d:%s", r.SourceID, r.State))
			}})
		sweep(t, chk)
		if _, err := chk.CheckOne(t.Context(), a.ID); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(heard) != 3 || heard[2] != fmt.Sprintf("%d:live", a.ID) {
			t.Fatalf("Report heard %v; want the two swept checks and then source %d live", heard, a.ID)
		}
	})
}
