package fetch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// inFlight counts requests being served at once, per host and overall.
type inFlight struct {
	mu       sync.Mutex
	now      map[string]int
	max      map[string]int
	total    int
	maxTotal int
	starts   map[string][]time.Time
	hold     time.Duration // how long each request is served
}

func newInFlight(hold time.Duration) *inFlight {
	return &inFlight{now: map[string]int{}, max: map[string]int{}, starts: map[string][]time.Time{}, hold: hold}
}

func (f *inFlight) handler(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.starts[r.Host] = append(f.starts[r.Host], time.Now())
	f.now[r.Host]++
	f.max[r.Host] = max(f.max[r.Host], f.now[r.Host])
	f.total++
	f.maxTotal = max(f.maxTotal, f.total)
	f.mu.Unlock()
	if f.hold > 0 {
		// Serving takes a while, to give overlapping requests a chance.
		t := time.NewTimer(f.hold)
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
	}
	_, _ = w.Write([]byte("ok"))
	f.mu.Lock()
	f.now[r.Host]--
	f.total--
	f.mu.Unlock()
}

// getAll runs n Gets of url concurrently and fails on any error.
func getAll(t *testing.T, c *Client, n int, urls ...string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n*len(urls))
	for i := 0; i < n; i++ {
		for _, u := range urls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Get(t.Context(), u, Conditional{}); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Get: %v", err)
	}
}

func TestGet_NeverHasTwoRequestsInFlightToOneHost(t *testing.T) {
	f := newInFlight(10 * time.Millisecond)
	srv := start4(t, http.HandlerFunc(f.handler))
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()

	getAll(t, c, 20, srv.URL+"/a")
	// Redirects hold the host too: /r redirects to /a on the same host.
	mux := http.NewServeMux()
	mux.HandleFunc("/r", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	mux.HandleFunc("/a", f.handler)
	srv2 := start4(t, mux)
	getAll(t, c, 10, srv2.URL+"/r")

	f.mu.Lock()
	defer f.mu.Unlock()
	for host, m := range f.max {
		if m != 1 {
			t.Errorf("host %s had %d requests in flight at once; want 1", host, m)
		}
	}
}

// TestGet_WaitsPerHostGapBetweenRequests measures on the server: the gap runs
// from the end of one request, so request starts are at least a gap apart.
func TestGet_WaitsPerHostGapBetweenRequests(t *testing.T) {
	const gap = 100 * time.Millisecond
	f := newInFlight(0)
	srv := start4(t, http.HandlerFunc(f.handler))
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.PerHostGap = gap
	c := New(opts)
	defer c.Close()

	getAll(t, c, 5, srv.URL)

	f.mu.Lock()
	defer f.mu.Unlock()
	for host, starts := range f.starts {
		if len(starts) != 5 {
			t.Fatalf("host %s saw %d requests; want 5", host, len(starts))
		}
		for i := 1; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-1]); d < gap {
				t.Errorf("host %s: requests %d and %d started %v apart; want >= %v", host, i-1, i, d, gap)
			}
		}
	}
}

// TestGet_RunsDifferentHostsConcurrently: each server holds its request until
// the other server has one too, so the fetches only finish (before the
// client's Timeout) if they really overlap.
func TestGet_RunsDifferentHostsConcurrently(t *testing.T) {
	tests := []struct{ name, addrA, addrB string }{
		{"two ports on 127.0.0.1", "127.0.0.1:0", "127.0.0.1:0"},
		{"127.0.0.1 and [::1]", "127.0.0.1:0", "[::1]:0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var arrived sync.WaitGroup
			arrived.Add(2)
			meet := func(w http.ResponseWriter, r *http.Request) {
				arrived.Done()
				both := make(chan struct{})
				go func() { arrived.Wait(); close(both) }()
				select {
				case <-both:
					_, _ = w.Write([]byte("met"))
				case <-r.Context().Done():
				}
			}
			a := startServer(t, tt.addrA, http.HandlerFunc(meet))
			b := startServer(t, tt.addrB, http.HandlerFunc(meet))
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.PerHostGap = time.Hour // irrelevant: each host gets one request
			opts.Timeout = 5 * time.Second
			c := New(opts)
			defer c.Close()
			getAll(t, c, 1, a.URL, b.URL)
		})
	}
}

func TestGet_MaxConcurrentLimitsAllHosts(t *testing.T) {
	f := newInFlight(10 * time.Millisecond)
	var urls []string
	for i := 0; i < 4; i++ {
		urls = append(urls, start4(t, http.HandlerFunc(f.handler)).URL)
	}
	var dials dialLog
	opts := privateOptions(t, &dials)
	opts.MaxConcurrent = 2
	c := New(opts)
	defer c.Close()

	getAll(t, c, 3, urls...)

	f.mu.Lock()
	defer f.mu.Unlock()
	if f.maxTotal > 2 {
		t.Fatalf("%d requests in flight across hosts; want at most MaxConcurrent=2", f.maxTotal)
	}
	if f.maxTotal < 2 {
		t.Fatalf("at most %d request in flight across 4 hosts; want the limit of 2 used", f.maxTotal)
	}
}

func TestGet_WaitingForABusyHostRespectsCancellation(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(entered) })
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	var dials dialLog
	c := New(privateOptions(t, &dials))
	defer c.Close()

	first := make(chan error, 1)
	go func() {
		_, err := c.Get(t.Context(), srv.URL, Conditional{})
		first <- err
	}()
	<-entered

	// The host is busy: this Get waits its turn until its context ends.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Get(ctx, srv.URL, Conditional{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Get while the host is busy = %v; want context.Canceled", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("first Get: %v", err)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Fatalf("server saw %d requests; want 1 (the cancelled Get never went out)", n)
	}
}

// TestPolite_ForgetsIdleHosts: hosts whose gap is over are pruned, so the
// table does not grow with every host ever fetched. The clock moves 10ms per
// reading, so a host's 1s gap is over after about a hundred other fetches.
func TestPolite_ForgetsIdleHosts(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(10 * time.Millisecond)
		return clock
	}
	p := newPolite(time.Second, 1, now)
	for i := 0; i < 3*pruneAt; i++ {
		release, err := p.acquire(t.Context(), "host"+strconv.Itoa(i)+".example")
		if err != nil {
			t.Fatal(err)
		}
		release()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.hosts) > pruneAt {
		t.Fatalf("remembers %d hosts; want at most %d", len(p.hosts), pruneAt)
	}
}
