package recheck_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// deadPage is a source linked to two claims whose page was live at the
// baseline and answers 404 from then on; the clock stands where the first
// 404 is due.
type deadPage struct {
	f      *fixture
	chk    *recheck.Checker
	p      *page
	c1, c2 *claims.Claim
	src    int64
}

func newDeadPage(t *testing.T, db *store.DB) *deadPage {
	t.Helper()
	f := newFixture(t, db)
	p := newPage(t, article("The ministry published the full transcript."))
	d := &deadPage{f: f, p: p, chk: f.checker(t, testClient(t, true, nil))}
	d.c1, d.c2 = f.claim(t, f.story.ID, "The transcript is complete"), f.claim(t, f.story.ID, "The ministry published it")
	f.link(t, d.c1.ID, p.srv.URL+"/transcript")
	d.src = f.link(t, d.c2.ID, p.srv.URL+"/transcript").ID
	base := sweepOne(t, d.chk, d.src)
	if base.State != claims.SourceLive {
		t.Fatalf("baseline = %+v, want live", base)
	}
	p.set("Not found", http.StatusNotFound)
	f.setClock(base.NextCheckAt)
	return d
}

func TestSweep_ThreeNotFoundsOver72HoursMakeTheSourceGoneAndNotBefore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := newDeadPage(t, db)
		f := d.f
		t0 := f.clock.Now()
		for _, at := range []time.Duration{0, 36 * time.Hour, 71*time.Hour + 59*time.Minute} {
			f.setClock(t0.Add(at))
			r := sweepOne(t, d.chk, d.src)
			if r.State != claims.SourceUnreachable || r.StatusCode != http.StatusNotFound {
				t.Fatalf("404 at t0+%s = %+v, want unreachable", at, r)
			}
		}
		if s := f.sourceState(t, d.src); s != claims.SourceUnreachable {
			t.Fatalf("after three 404s within 71h59m the source is %s, want unreachable", s)
		}
		for _, c := range []*claims.Claim{d.c1, d.c2} {
			if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceUnreachable] != 1 {
				t.Fatalf("claim %d before 72h has re-check events %v, want one source_unreachable", c.ID, k)
			}
			if n := len(f.openReviews(t)[c.ID]); n != 0 {
				t.Fatalf("claim %d has %d review items for a page missing under 72h, want none", c.ID, n)
			}
		}

		// The editor asks for a check at exactly 72 h after the first 404.
		f.setClock(t0.Add(72 * time.Hour))
		r, err := d.chk.CheckOne(t.Context(), d.src)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != claims.SourceGone || f.sourceState(t, d.src) != claims.SourceGone {
			t.Fatalf("fourth 404 at t0+72h = %+v, want gone", r)
		}
		reviews := f.openReviews(t)
		for _, c := range []*claims.Claim{d.c1, d.c2} {
			k := f.recheckKinds(t, c.ID)
			if k[claims.EventSourceGone] != 1 || k[claims.EventSourceUnreachable] != 1 || len(k) != 2 {
				t.Fatalf("claim %d has re-check events %v, want one source_unreachable and one source_gone", c.ID, k)
			}
			if rv := reviews[c.ID]; rv[claims.EventSourceGone] != 1 || len(rv) != 1 {
				t.Fatalf("claim %d has open review items %v, want one for source_gone", c.ID, rv)
			}
		}
		checks := f.checks(t, d.src)
		if len(checks) != 5 {
			t.Fatalf("source has %d check rows, want the baseline and four 404s", len(checks))
		}
		for i, want := range []claims.SourceState{claims.SourceGone, claims.SourceUnreachable, claims.SourceUnreachable, claims.SourceUnreachable, claims.SourceLive} {
			if checks[i].State != want {
				t.Fatalf("check %d (newest first) led to %s, want %s", i, checks[i].State, want)
			}
		}

		// Still missing at the next due check: gone is not announced twice.
		f.setClock(r.NextCheckAt)
		if r := sweepOne(t, d.chk, d.src); r.State != claims.SourceGone || len(r.Events) != 0 {
			t.Fatalf("404 on a gone source = %+v, want gone without events", r)
		}

		d.p.set(article("The ministry published the full transcript."), http.StatusOK)
		f.setClock(f.clock.Now().Add(48 * time.Hour))
		back := sweepOne(t, d.chk, d.src)
		if back.State != claims.SourceLive || f.sourceState(t, d.src) != claims.SourceLive {
			t.Fatalf("page back with 200 = %+v, want live", back)
		}
		reviews = f.openReviews(t)
		for _, c := range []*claims.Claim{d.c1, d.c2} {
			k := f.recheckKinds(t, c.ID)
			if k[claims.EventSourceRecovered] != 1 || k[claims.EventSourceGone] != 1 || k[claims.EventSourceChanged] != 0 {
				t.Fatalf("claim %d after recovery has re-check events %v, want one source_recovered and no source_changed (same text)", c.ID, k)
			}
			if reviews[c.ID][claims.EventSourceRecovered] != 1 {
				t.Fatalf("claim %d has open review items %v, want one for source_recovered", c.ID, reviews[c.ID])
			}
		}
	})
}

func TestSweep_MissingPageLeftToItsScheduleIsGoneAtTheFirstCheckPast72Hours(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := newDeadPage(t, db)
		f := d.f
		t0 := f.clock.Now()
		var seen []string
		for i := range 10 {
			r := sweepOne(t, d.chk, d.src)
			age := r.CheckedAt.Sub(t0)
			seen = append(seen, fmt.Sprintf("t0+%s:%s", age, r.State))
			if r.State == claims.SourceGone {
				if age < 72*time.Hour || i < 2 {
					t.Fatalf("gone after %d checks at t0+%s (%v), want at least three 404s over 72h", i+1, age, seen)
				}
				if k := f.recheckKinds(t, d.c1.ID); k[claims.EventSourceGone] != 1 || k[claims.EventSourceUnreachable] != 1 {
					t.Fatalf("re-check events %v, want one source_unreachable then one source_gone", k)
				}
				return
			}
			if r.State != claims.SourceUnreachable {
				t.Fatalf("checks %v: want unreachable until gone", seen)
			}
			if age >= 72*time.Hour {
				t.Fatalf("checks %v: still not gone at or after 72h", seen)
			}
			f.setClock(r.NextCheckAt)
		}
		t.Fatalf("checks %v: never gone", seen)
	})
}

func TestSweep_BlockedForMoreThan72HoursIsAccessBlockedNeverGone(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnavailableForLegalReasons} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				d := newDeadPage(t, db)
				f := d.f
				d.p.set("Subscribers only", code)
				t0 := f.clock.Now()
				n := 0
				for f.clock.Now().Sub(t0) <= 80*time.Hour {
					r := sweepOne(t, d.chk, d.src)
					if r.State != claims.SourceAccessBlocked || r.StatusCode != code {
						t.Fatalf("check %d at t0+%s = %+v, want access_blocked", n, f.clock.Now().Sub(t0), r)
					}
					n++
					f.setClock(r.NextCheckAt)
				}
				if n < 3 {
					t.Fatalf("only %d checks in 80h", n)
				}
				reviews := f.openReviews(t)
				for _, c := range []*claims.Claim{d.c1, d.c2} {
					if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceAccessBlocked] != 1 {
						t.Fatalf("claim %d after %d blocked checks has re-check events %v, want one source_access_blocked", c.ID, n, k)
					}
					if rv := reviews[c.ID]; len(rv) != 1 || rv[claims.EventSourceAccessBlocked] != 1 {
						t.Fatalf("claim %d has open review items %v, want one for source_access_blocked", c.ID, rv)
					}
				}
			})
		})
	}
}

func TestSweep_RateLimitedForThreeDaysStaysLiveWithoutEvents(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := newDeadPage(t, db)
		f := d.f
		d.p.set("Slow down", http.StatusTooManyRequests)
		t0 := f.clock.Now()
		n := 0
		for f.clock.Now().Sub(t0) <= 73*time.Hour {
			r := sweepOne(t, d.chk, d.src)
			if r.State != claims.SourceLive || r.StatusCode != http.StatusTooManyRequests || len(r.Events) != 0 {
				t.Fatalf("429 %d at t0+%s = %+v, want the source left live without events", n, f.clock.Now().Sub(t0), r)
			}
			if wait := r.NextCheckAt.Sub(r.CheckedAt); !within(wait, 30*time.Minute, 0.1) {
				t.Fatalf("a 429 without Retry-After is retried after %s, want about 30m", wait)
			}
			n++
			f.setClock(r.NextCheckAt)
		}
		for _, c := range []*claims.Claim{d.c1, d.c2} {
			if k := f.recheckKinds(t, c.ID); len(k) != 0 {
				t.Fatalf("claim %d after %d rate-limited checks over 73h has re-check events %v, want none", c.ID, n, k)
			}
		}
		if rv := f.openReviews(t); len(rv) != 0 {
			t.Fatalf("open review items %v, want none", rv)
		}
		if s := f.sourceState(t, d.src); s != claims.SourceLive {
			t.Fatalf("source after three days of 429 is %s, want live", s)
		}
	})
}

func TestSweep_RetryAfterSetsTheNextCheckAndIsNotAFailure(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				s := newStatusServer(t, article("Original text of the report."))
				c := f.claim(t, f.story.ID, "The report says so")
				src := f.link(t, c.ID, s.srv.URL+"/report").ID
				chk := f.checker(t, testClient(t, true, nil))
				base := sweepOne(t, chk, src)

				s.answer(http.StatusNotFound, "")
				first := f.sweepWhenDue(t, chk, src, base.NextCheckAt)
				if first.State != claims.SourceUnreachable {
					t.Fatalf("first 404 = %+v, want unreachable", first)
				}

				s.answer(code, "120")
				next := first.NextCheckAt
				for i := range 5 {
					r := f.sweepWhenDue(t, chk, src, next)
					if wait := r.NextCheckAt.Sub(r.CheckedAt); wait != 120*time.Second {
						t.Fatalf("%d with Retry-After: 120 (check %d) is checked again after %s, want exactly 120s", code, i, wait)
					}
					if r.State != claims.SourceUnreachable || r.StatusCode != code || len(r.Events) != 0 {
						t.Fatalf("%d with Retry-After (check %d) = %+v, want the state left as it was, no events", code, i, r)
					}
					next = r.NextCheckAt
				}

				// Retry-After of a day, three times: the 404s on either side
				// are 73 h apart, which would make the page gone if these
				// answers counted as failures.
				s.answer(code, "86400")
				for range 3 {
					r := f.sweepWhenDue(t, chk, src, next)
					if wait := r.NextCheckAt.Sub(r.CheckedAt); wait != 24*time.Hour {
						t.Fatalf("Retry-After: 86400 gives a wait of %s, want 24h", wait)
					}
					next = r.NextCheckAt
				}
				s.answer(http.StatusNotFound, "")
				f.setClock(first.CheckedAt.Add(73 * time.Hour))
				last, err := chk.CheckOne(t.Context(), src)
				if err != nil {
					t.Fatal(err)
				}
				if last.State != claims.SourceUnreachable {
					t.Fatalf("second 404, 73h after the first with only %d answers between, = %+v; want unreachable (they are not failures)", code, last)
				}
				if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceUnreachable] != 1 {
					t.Fatalf("re-check events %v, want only the one source_unreachable of the first 404", k)
				}
				if n := len(f.checks(t, src)); n != 11 {
					t.Fatalf("%d check rows, want 11 (baseline, 404, 5+3 rate-limited, 404)", n)
				}
			})
		})
	}
}

// redirector is a server whose paths redirect as its table says; other
// paths serve the article. It counts requests per host and path.
type redirector struct {
	mu   sync.Mutex
	hits map[string]int
	srv  *httptest.Server
}

func newRedirector(t *testing.T, next func(host, path string) string) *redirector {
	t.Helper()
	rd := &redirector{hits: map[string]int{}}
	rd.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rd.mu.Lock()
		rd.hits[r.Host+r.URL.Path]++
		rd.mu.Unlock()
		if to := next(r.Host, r.URL.Path); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article("The minister resigned on Tuesday."))
	}))
	t.Cleanup(rd.srv.Close)
	return rd
}

func (rd *redirector) total() int {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	n := 0
	for _, h := range rd.hits {
		n += h
	}
	return n
}

func (rd *redirector) port() string { return rd.srv.URL[strings.LastIndex(rd.srv.URL, ":")+1:] }

func TestSweep_RedirectsEndWhereThePolicySays(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// from is the source's path on host "localhost"; next maps a host
		// and path to where it redirects ("" serves the article).
		from      string
		next      func(port, host, path string) string
		state     claims.SourceState
		finalPath string
		events    map[claims.EventKind]int
	}{
		{
			// Three hops that sites make to every page (another "www.", a
			// trailing slash) keep the article: it is live.
			name: "three hops keeping the article", from: "/story",
			next: func(port, host, path string) string {
				switch {
				case host == "localhost:"+port && path == "/story":
					return "http://www.localhost:" + port + "/story"
				case host == "www.localhost:"+port && path == "/story":
					return "/story/"
				case host == "www.localhost:"+port && path == "/story/":
					return "http://localhost:" + port + "/story/"
				}
				return ""
			},
			state: claims.SourceLive, finalPath: "/story/", events: map[claims.EventKind]int{},
		},
		{
			// Three hops to another article on the same site: the page the
			// claims rest on now lives elsewhere.
			name: "three hops to another path", from: "/old",
			next: func(port, host, path string) string {
				return map[string]string{"/old": "/r1", "/r1": "/r2", "/r2": "/2026/05/minister-resigns"}[path]
			},
			state: claims.SourceMoved, finalPath: "/2026/05/minister-resigns", events: map[claims.EventKind]int{claims.EventSourceMoved: 1},
		},
		{
			// The article redirected to the home page is how many sites say
			// "not found" (a soft 404): moved, for an editor to look at.
			name: "to the home page", from: "/article",
			next: func(port, host, path string) string {
				if path == "/article" {
					return "/"
				}
				return ""
			},
			state: claims.SourceMoved, finalPath: "/", events: map[claims.EventKind]int{claims.EventSourceMoved: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				f := newFixture(t, db)
				var rd *redirector
				rd = newRedirector(t, func(host, path string) string { return tc.next(rd.port(), host, path) })
				c := f.claim(t, f.story.ID, "The minister resigned")
				src := f.link(t, c.ID, "http://localhost:"+rd.port()+tc.from)
				r := sweepOne(t, f.checker(t, testClient(t, true, nil)), src.ID)
				if r.State != tc.state || f.sourceState(t, src.ID) != tc.state {
					t.Fatalf("result = %+v, want %s", r, tc.state)
				}
				checks := f.checks(t, src.ID)
				if len(checks) != 1 || !strings.HasSuffix(checks[0].FinalURL, ":"+rd.port()+tc.finalPath) || checks[0].StatusCode != http.StatusOK {
					t.Fatalf("check rows = %+v, want one 200 ending at %s", checks, tc.finalPath)
				}
				k := f.recheckKinds(t, c.ID)
				if fmt.Sprint(k) != fmt.Sprint(tc.events) {
					t.Fatalf("re-check events %v, want %v", k, tc.events)
				}
				if tc.state == claims.SourceMoved {
					ev := f.events(t, c.ID)[0]
					var payload struct {
						FinalURL string `json:"final_url"`
					}
					if err := json.Unmarshal(ev.Payload, &payload); err != nil {
						t.Fatal(err)
					}
					if ev.Kind != claims.EventSourceMoved || payload.FinalURL != checks[0].FinalURL {
						t.Fatalf("newest event %s with payload %s, want source_moved naming %s", ev.Kind, ev.Payload, checks[0].FinalURL)
					}
					if rv := f.openReviews(t)[c.ID]; rv[claims.EventSourceMoved] != 1 {
						t.Fatalf("open review items %v, want one for source_moved", rv)
					}
				}
			})
		})
	}
}

func TestSweep_RedirectLoopStopsAfterTenRedirectsAndIsRecorded(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rd := newRedirector(t, func(_, path string) string {
			return map[string]string{"/loop/a": "/loop/b", "/loop/b": "/loop/a"}[path]
		})
		c := f.claim(t, f.story.ID, "A claim")
		src := f.link(t, c.ID, rd.srv.URL+"/loop/a")
		r := sweepOne(t, f.checker(t, testClient(t, true, nil)), src.ID)
		if n := rd.total(); n != 11 {
			t.Fatalf("the server saw %d requests for one check, want 11 (the first and 10 redirects)", n)
		}
		if r.State != claims.SourceUnreachable || !strings.Contains(r.Error, "too many redirects") {
			t.Fatalf("result = %+v, want unreachable with a too-many-redirects error", r)
		}
		checks := f.checks(t, src.ID)
		if len(checks) != 1 || checks[0].State != claims.SourceUnreachable || checks[0].Error != r.Error {
			t.Fatalf("check rows = %+v, want one unreachable row carrying the error", checks)
		}
		if k := f.recheckKinds(t, c.ID); len(k) != 1 || k[claims.EventSourceUnreachable] != 1 {
			t.Fatalf("re-check events %v, want one source_unreachable", k)
		}
	})
}
