package recheck_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestSweep_UnchangedPageBacksOffFromAnHourToADayAndAChangeBringsItBackInTenMinutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rand func() func() float64
		// frac is how far an interval may stray from the nominal one.
		frac float64
	}{
		// 0.5 is the middle of the jitter range: no jitter at all.
		{"jitter pinned to none", func() func() float64 { return func() float64 { return 0.5 } }, 0},
		{"jitter at its extremes", func() func() float64 {
			var n atomic.Int64
			return func() float64 { return float64(n.Add(1) % 2) }
		}, 0.1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				p := newPage(t, article("The council approved the budget."))
				c := f.claim(t, f.story.ID, "The budget was approved")
				src := f.link(t, c.ID, p.srv.URL+"/budget").ID
				chk := recheck.New(f.svc, testClient(t, true, nil), recheck.Options{Rand: tc.rand()})

				r := sweepOne(t, chk, src)
				var got []time.Duration
				for {
					got = append(got, r.NextCheckAt.Sub(r.CheckedAt))
					if len(got) == 9 {
						break
					}
					r = f.sweepWhenDue(t, chk, src, r.NextCheckAt)
					if r.State != claims.SourceLive || len(r.Events) != 0 {
						t.Fatalf("unchanged check = %+v, want live without events", r)
					}
				}
				nominal := []time.Duration{1, 2, 4, 8, 16, 24, 24, 24, 24}
				for i, g := range got {
					want := nominal[i] * time.Hour
					if !within(g, want, tc.frac) {
						t.Fatalf("intervals %v: interval %d is %s, want %s ± %.0f%%", got, i, g, want, 100*tc.frac)
					}
					if i > 0 && nominal[i] < 24 && g <= got[i-1] {
						t.Fatalf("intervals %v do not grow before the cap", got)
					}
				}

				p.set(article("The council rejected the budget."), http.StatusOK)
				changed := f.sweepWhenDue(t, chk, src, r.NextCheckAt)
				if wait := changed.NextCheckAt.Sub(changed.CheckedAt); changed.State != claims.SourceChanged || !within(wait, 10*time.Minute, tc.frac) {
					t.Fatalf("changed page = %+v, next check after %s; want changed and about 10m", changed, wait)
				}
				settled := f.sweepWhenDue(t, chk, src, changed.NextCheckAt)
				if wait := settled.NextCheckAt.Sub(settled.CheckedAt); settled.State != claims.SourceLive || !within(wait, time.Hour, tc.frac) {
					t.Fatalf("settled page = %+v, next check after %s; want live and the back-off restarted at 1h", settled, wait)
				}
			})
		})
	}
}

func TestSweep_SourceWhoseClaimsAreAllResolvedIsCheckedWeekly(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("Police confirmed two arrests."))
		c1, c2 := f.claim(t, f.story.ID, "Two people were arrested"), f.claim(t, f.story.ID, "Police confirmed it")
		f.link(t, c1.ID, p.srv.URL+"/arrests")
		src := f.link(t, c2.ID, p.srv.URL+"/arrests").ID
		chk := f.checker(t, testClient(t, true, nil))
		resolve := func(c *claims.Claim) {
			t.Helper()
			status := "confirmed"
			if _, err := f.svc.UpdateClaim(t.Context(), editor, c.ID, claims.ClaimPatch{Status: &status, Note: "Police statement", Version: c.Version}); err != nil {
				t.Fatal(err)
			}
		}
		wait := func(r *recheck.Result) time.Duration { return r.NextCheckAt.Sub(r.CheckedAt) }
		const week = 7 * 24 * time.Hour

		r := sweepOne(t, chk, src)
		resolve(c1)
		if r = f.sweepWhenDue(t, chk, src, r.NextCheckAt); wait(r) != 2*time.Hour {
			t.Fatalf("with one claim of two resolved the next check is after %s, want the back-off's 2h", wait(r))
		}
		resolve(c2)
		if r = f.sweepWhenDue(t, chk, src, r.NextCheckAt); wait(r) != week {
			t.Fatalf("with every claim resolved the next check is after %s, want a week", wait(r))
		}
		// An outlet that edits a page tends to edit it again soon, resolved
		// claims or not.
		p.set(article("Police confirmed three arrests."), http.StatusOK)
		if r = f.sweepWhenDue(t, chk, src, r.NextCheckAt); r.State != claims.SourceChanged || wait(r) != 10*time.Minute {
			t.Fatalf("change on a resolved source = %+v, next after %s; want changed and 10m", r, wait(r))
		}
		if r = f.sweepWhenDue(t, chk, src, r.NextCheckAt); wait(r) != week {
			t.Fatalf("after the change settled the next check is after %s, want a week again", wait(r))
		}
		for _, c := range []*claims.Claim{c1, c2} {
			if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceChanged] != 1 {
				t.Fatalf("claim %d has re-check events %v, want the one source_changed", c.ID, k)
			}
		}
	})
}

func TestSweep_ExtractionUpgradeRebaselinesWithoutAChangeEventThenSeesRealChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, article("The river level fell overnight.", "Schools stay closed."))
		c := f.claim(t, f.story.ID, "Schools are closed")
		src := f.link(t, c.ID, p.srv.URL+"/flood").ID
		client := testClient(t, true, nil)
		base := sweepOne(t, f.checker(t, client), src)
		before, err := f.svc.LatestSnapshot(t.Context(), src)
		if err != nil {
			t.Fatal(err)
		}

		upgraded := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, ExtractVersion: extract.Version + 1})
		r := f.sweepWhenDue(t, upgraded, src, base.NextCheckAt)
		if r.State != claims.SourceLive || len(r.Events) != 0 || r.Check.ExtractVersion != extract.Version+1 {
			t.Fatalf("first check after the upgrade = %+v (check %+v), want live, no events, the new version recorded", r, r.Check)
		}
		after, err := f.svc.LatestSnapshot(t.Context(), src)
		if err != nil {
			t.Fatal(err)
		}
		if after.ID == before.ID || !after.At.Equal(r.CheckedAt) || after.Diff != "" {
			t.Fatalf("snapshot after the upgrade = %+v (before %+v), want a new baseline without a diff", after, before)
		}
		if k := f.recheckKinds(t, c.ID); len(k) != 0 {
			t.Fatalf("re-check events after the upgrade %v, want none", k)
		}

		p.set(article("The river level rose overnight.", "Schools stay closed."), http.StatusOK)
		r = f.sweepWhenDue(t, upgraded, src, r.NextCheckAt)
		if r.State != claims.SourceChanged {
			t.Fatalf("real change after the upgrade = %+v, want changed", r)
		}
		if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceChanged] != 1 {
			t.Fatalf("re-check events %v, want one source_changed", k)
		}
		snap, err := f.svc.LatestSnapshot(t.Context(), src)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(snap.Diff, "- The river level fell overnight.") || !strings.Contains(snap.Diff, "+ The river level rose overnight.") {
			t.Fatalf("diff after the change %q, want it against the re-baselined text", snap.Diff)
		}
	})
}

// meter is a set of servers that record, at the server, when each request
// started and ended and how many were in flight, per server and in all.
type meter struct {
	mu       sync.Mutex
	inFlight map[string]int
	maxEach  map[string]int
	total    int
	maxTotal int
	spans    map[string][][2]time.Time
}

func newMeter() *meter {
	return &meter{inFlight: map[string]int{}, maxEach: map[string]int{}, spans: map[string][][2]time.Time{}}
}

// server starts a server named name whose every answer takes hold.
func (m *meter) server(t *testing.T, name string, hold time.Duration) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		start := time.Now()
		m.inFlight[name]++
		m.total++
		m.maxEach[name] = max(m.maxEach[name], m.inFlight[name])
		m.maxTotal = max(m.maxTotal, m.total)
		m.mu.Unlock()
		time.Sleep(hold)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article("Text of "+r.URL.Path))
		m.mu.Lock()
		m.inFlight[name]--
		m.total--
		m.spans[name] = append(m.spans[name], [2]time.Time{start, time.Now()})
		m.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// most returns the most requests seen in flight at server name and at all
// servers together.
func (m *meter) most(name string) (each, total int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.maxEach[name], m.maxTotal
}

// gaps returns, for server name, the time between the end of each request
// and the start of the next.
func (m *meter) gaps(name string) []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	sp := append([][2]time.Time(nil), m.spans[name]...)
	sort.Slice(sp, func(i, j int) bool { return sp[i][0].Before(sp[j][0]) })
	var out []time.Duration
	for i := 1; i < len(sp); i++ {
		out = append(out, sp[i][0].Sub(sp[i-1][1]))
	}
	return out
}

func TestSweep_SourcesOnOneHostAreFetchedOneAtATimeWithTheGapBetween(t *testing.T) {
	t.Parallel()
	const gap = 150 * time.Millisecond
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := newMeter()
		srv := m.server(t, "one", 20*time.Millisecond)
		c := f.claim(t, f.story.ID, "A claim")
		for i := range 6 {
			f.link(t, c.ID, fmt.Sprintf("%s/page/%d", srv.URL, i))
		}
		client := loopbackClient(t, fetch.Options{Timeout: 5 * time.Second, PerHostGap: gap, MaxConcurrent: 8})
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Concurrency: 8})
		if sum, _ := sweepResults(t, chk); sum.Checked != 6 {
			t.Fatalf("sweep = %+v, want 6 sources checked", sum)
		}
		gaps := m.gaps("one")
		if most, _ := m.most("one"); len(gaps) != 5 || most != 1 {
			t.Fatalf("server saw %d requests, at most %d at once; want 6, one at a time", len(gaps)+1, most)
		}
		t.Logf("gaps measured at the server: %v", gaps)
		for _, g := range gaps {
			// The client waits the gap after it has read a response, which
			// is after the server finished it; 50 ms is left for noise.
			if g < gap-50*time.Millisecond {
				t.Fatalf("gaps between requests %v, want each at least about %s", gaps, gap)
			}
		}
	})
}

func TestSweep_SourcesOnTwoHostsAreFetchedSideBySide(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		m := newMeter()
		// Each answer takes long enough that the first requests to the two
		// hosts, both free at the start of the sweep, cannot miss each other.
		a, b := m.server(t, "a", 300*time.Millisecond), m.server(t, "b", 300*time.Millisecond)
		c := f.claim(t, f.story.ID, "A claim")
		for i := range 3 {
			f.link(t, c.ID, fmt.Sprintf("%s/page/%d", a.URL, i))
			f.link(t, c.ID, fmt.Sprintf("%s/page/%d", b.URL, i))
		}
		client := loopbackClient(t, fetch.Options{Timeout: 5 * time.Second, PerHostGap: 150 * time.Millisecond, MaxConcurrent: 8})
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Concurrency: 8})
		if sum, _ := sweepResults(t, chk); sum.Checked != 6 {
			t.Fatalf("sweep = %+v, want 6 sources checked", sum)
		}
		mostA, both := m.most("a")
		mostB, _ := m.most("b")
		if mostA != 1 || mostB != 1 || both != 2 {
			t.Fatalf("in flight at most: host a %d, host b %d, both %d; want one per host and the two hosts side by side", mostA, mostB, both)
		}
	})
}
