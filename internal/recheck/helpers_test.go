package recheck_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
)

var editor = claims.Actor{UserID: 7, Name: "Ann Editor", Role: "editor"}

// fixture is a story with claims, a service on a real store and a checker
// whose client may only dial loopback.
type fixture struct {
	db    *store.DB
	svc   *claims.Service
	clock *clocktest.Clock
	story *claims.Story
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clk := clocktest.New(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	svc := claims.NewService(db, claims.DefaultVocabulary(), clk.Now)
	st, err := svc.CreateStory(t.Context(), editor, claims.NewStory{Title: "Leaked recording", Published: true})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, svc: svc, clock: clk, story: st}
}

func (f *fixture) claim(t *testing.T, storyID int64, text string) *claims.Claim {
	t.Helper()
	c, err := f.svc.AddClaim(t.Context(), editor, storyID, claims.NewClaim{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) link(t *testing.T, claimID int64, url string) *claims.LinkedSource {
	t.Helper()
	ls, err := f.svc.LinkSource(t.Context(), editor, claimID, claims.NewSourceLink{URL: url, Outlet: "Wire", OutletKind: "wire", Stance: "supports"})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// client returns a guarded client for tests. Whatever allowPrivate says, its
// dial hook refuses any address that is not loopback, so a broken rule can
// never send traffic off the machine; dials counts the dials it saw.
func testClient(t *testing.T, allowPrivate bool, dials *atomic.Int64) *fetch.Client {
	t.Helper()
	c := fetch.New(fetch.Options{
		AllowPrivate: allowPrivate, PerHostGap: -1, Timeout: 5 * time.Second, ConnectTimeout: 2 * time.Second,
		DialHook: func(network, addr string) error {
			if dials != nil {
				dials.Add(1)
			}
			ap, err := netip.ParseAddrPort(addr)
			if err != nil || !ap.Addr().Unmap().IsLoopback() {
				return fmt.Errorf("test dial to %s refused: tests stay on loopback", addr)
			}
			return nil
		},
	})
	t.Cleanup(c.Close)
	return c
}

func (f *fixture) checker(t *testing.T, client *fetch.Client) *recheck.Checker {
	t.Helper()
	return recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }, Concurrency: 4})
}

// page is a test server whose body, status and ETag can change between
// checks; it counts requests per path.
type page struct {
	mu          sync.Mutex
	body        string
	status      int
	etag        string
	ifNoneMatch []string
	hits        map[string]int
	srv         *httptest.Server
}

func newPage(t *testing.T, body string) *page {
	t.Helper()
	p := &page{body: body, status: http.StatusOK, hits: map[string]int{}}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.hits[r.URL.Path]++
		body, status, etag := p.body, p.status, p.etag
		if inm := r.Header.Get("If-None-Match"); inm != "" {
			p.ifNoneMatch = append(p.ifNoneMatch, inm)
		}
		p.mu.Unlock()
		if etag != "" {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *page) set(body string, status int) {
	p.mu.Lock()
	p.body, p.status = body, status
	p.mu.Unlock()
}

func (p *page) hitsOf(path string) int { p.mu.Lock(); defer p.mu.Unlock(); return p.hits[path] }

func article(paras ...string) string {
	s := "<html><head><title>Minister statement</title></head><body><nav>Home | World</nav><article>"
	for _, p := range paras {
		s += "<p>" + p + "</p>"
	}
	return s + "</article><footer>Copyright</footer></body></html>"
}

func kindsOf(evs []claims.Event) map[claims.EventKind]int {
	out := map[claims.EventKind]int{}
	for _, e := range evs {
		out[e.Kind]++
	}
	return out
}

func (f *fixture) events(t *testing.T, claimID int64) []claims.Event {
	t.Helper()
	evs, err := f.db.Events(t.Context(), claims.EventQuery{ClaimID: claimID, Page: claims.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// listener is a loopback listener that counts the connections it accepts.
func refusingListener(t *testing.T) (addr string, conns *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns = &atomic.Int64{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String(), conns
}
