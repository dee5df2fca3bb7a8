package recheck_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
)

// loopbackClient is testClient with the caller's limits: whatever opts say,
// private addresses are allowed (the servers are on 127.0.0.1) and the dial
// hook refuses anything that is not loopback. The client keeps the real
// clock: politeness gaps and timeouts are measured in real time, while the
// fixture's clock only decides when sources are due.
func loopbackClient(t *testing.T, opts fetch.Options) *fetch.Client {
	t.Helper()
	opts.AllowPrivate = true
	opts.DialHook = func(network, addr string) error {
		ap, err := netip.ParseAddrPort(addr)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			return fmt.Errorf("test dial to %s refused: tests stay on loopback", addr)
		}
		return nil
	}
	if opts.ConnectTimeout == 0 {
		opts.ConnectTimeout = 2 * time.Second
	}
	c := fetch.New(opts)
	t.Cleanup(c.Close)
	return c
}

// sweepResults runs one sweep and returns what it checked, by source id. Any
// per-source error fails the test: a sweep records every outcome as a check.
func sweepResults(t *testing.T, c *recheck.Checker) (recheck.Summary, map[int64]*recheck.Result) {
	t.Helper()
	got := map[int64]*recheck.Result{}
	var errs []error
	sum, err := c.Sweep(t.Context(), func(r *recheck.Result, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		got[r.SourceID] = r
	})
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	if len(errs) > 0 {
		t.Fatalf("sweep reported errors for single sources: %v", errs)
	}
	return sum, got
}

// sweepOne sweeps and expects exactly source id to have been checked.
func sweepOne(t *testing.T, c *recheck.Checker, id int64) *recheck.Result {
	t.Helper()
	sum, got := sweepResults(t, c)
	r, ok := got[id]
	if !ok || sum.Checked != 1 {
		t.Fatalf("sweep = %+v checked %d sources, want source %d and only it", sum, len(got), id)
	}
	return r
}

// sweepWhenDue moves the clock to just before next and sweeps, expecting
// nothing to be due, then to next and sweeps again, expecting source id to
// be checked. That is how an editor sees the stored next-check time: nothing
// happens before it, the check happens at it.
func (f *fixture) sweepWhenDue(t *testing.T, c *recheck.Checker, id int64, next time.Time) *recheck.Result {
	t.Helper()
	f.setClock(next.Add(-time.Second))
	if sum, _ := sweepResults(t, c); sum.Checked != 0 {
		t.Fatalf("sweep a second before the next check (%s) = %+v, want nothing due", next, sum)
	}
	f.setClock(next)
	return sweepOne(t, c, id)
}

// setClock moves the fixture's clock to at, which must not be in its past.
func (f *fixture) setClock(at time.Time) {
	f.clock.Advance(at.Sub(f.clock.Now()))
}

// recheckKinds counts the events the re-checker put on a claim's timeline,
// leaving out what editors did (claim added, source linked).
func (f *fixture) recheckKinds(t *testing.T, claimID int64) map[claims.EventKind]int {
	t.Helper()
	out := map[claims.EventKind]int{}
	for _, e := range f.events(t, claimID) {
		if e.Actor == claims.ActorRecheck.Name {
			out[e.Kind]++
		}
	}
	return out
}

// sourceState is the state an editor sees on the source.
func (f *fixture) sourceState(t *testing.T, id int64) claims.SourceState {
	t.Helper()
	s, err := f.db.SourceByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return s.State
}

// checks returns a source's check rows, newest first.
func (f *fixture) checks(t *testing.T, id int64) []claims.CheckRecord {
	t.Helper()
	cs, err := f.svc.SourceChecks(t.Context(), id, claims.Page{Limit: claims.MaxPageLimit})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// openReviews counts the open review items by claim and event kind.
func (f *fixture) openReviews(t *testing.T) map[int64]map[claims.EventKind]int {
	t.Helper()
	items, err := f.svc.ReviewQueue(t.Context(), claims.Actor{Name: "another editor"}, claims.ReviewQuery{Page: claims.Page{Limit: claims.MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]map[claims.EventKind]int{}
	for _, it := range items {
		if it.Event.ClaimID == nil {
			continue
		}
		id := *it.Event.ClaimID
		if out[id] == nil {
			out[id] = map[claims.EventKind]int{}
		}
		out[id][it.Event.Kind]++
	}
	return out
}

// statusServer answers every request with status and, when set, a
// Retry-After header; status and header can change between checks.
type statusServer struct {
	*page
	retryAfter string
}

func newStatusServer(t *testing.T, body string) *statusServer {
	t.Helper()
	s := &statusServer{}
	s.page = &page{body: body, status: http.StatusOK, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		body, status, ra := s.body, s.status, s.retryAfter
		s.mu.Unlock()
		if ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *statusServer) answer(status int, retryAfter string) {
	s.mu.Lock()
	s.status, s.retryAfter = status, retryAfter
	s.mu.Unlock()
}

// within reports whether d is within frac of want either way.
func within(d, want time.Duration, frac float64) bool {
	slack := time.Duration(float64(want) * frac)
	return d >= want-slack && d <= want+slack
}
