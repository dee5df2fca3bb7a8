package recheck_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Sizes of the hostile mix.
const (
	mixNormalHosts   = 25 // 4 sources each: 100 normal sources
	mixNormalPerHost = 4
	mixEachHostile   = 4 // of each of the five behaviours: 20 hostile sources
)

// BenchmarkSweepHostileMix sweeps 100 normal sources (25 loopback hosts, 4
// pages each) once alone and once mixed with 20 hostile ones, each on its
// own host: 4 that never answer, 4 that drip an article at 1 byte a second,
// 4 that send a 1 GiB page of small elements generated on the fly, 4 gzip
// bombs (1 GiB of zeros) and 4 redirect loops. Client and checker have the
// production settings (politeness gap, time limits, body cap, concurrency)
// except that loopback is allowed. It reports how long the normal sources
// took alone and in the mix, their ratio, and the process's peak RSS during
// the mixed sweep (the servers run in the same process).
//
// Run: go test -run '^$' -bench SweepHostileMix -benchtime 1x -timeout 10m ./internal/recheck/
func BenchmarkSweepHostileMix(b *testing.B) {
	b.Run(store.DialectSQLite, func(b *testing.B) { benchHostileMix(b, func() *store.DB { return storetest.SQLite(b) }) })
	b.Run(store.DialectPostgres, func(b *testing.B) { benchHostileMix(b, func() *store.DB { return storetest.Postgres(b) }) })
}

func benchHostileMix(b *testing.B, open func() *store.DB) {
	normal := startMixServers(b, mixNormalHosts, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, mixArticle(r.URL.Path))
	})
	// Round robin over the hosts, as a real mix of outlets comes.
	var normalURLs []string
	for i := range mixNormalPerHost {
		for _, s := range normal {
			normalURLs = append(normalURLs, fmt.Sprintf("%s/story-%d", s.URL, i))
		}
	}
	var hostileURLs []string
	handlers, stop := mixHostileHandlers()
	for _, h := range handlers {
		for _, s := range startMixServers(b, mixEachHostile, h) {
			hostileURLs = append(hostileURLs, s.URL+"/article")
		}
	}
	// Registered after the servers, so it runs before their Close, which
	// waits for the handlers.
	b.Cleanup(stop)

	for b.Loop() {
		alone, _ := mixSweep(b, open(), normalURLs, nil)
		resetPeakRSS(b)
		mixed, sum := mixSweep(b, open(), normalURLs, hostileURLs)
		peak := readPeakRSS(b)
		b.Logf("normal sources alone %s, in the mix %s; whole mixed sweep %+v", alone.Round(time.Millisecond), mixed.Round(time.Millisecond), sum)
		b.ReportMetric(alone.Seconds(), "normal-alone-s")
		b.ReportMetric(mixed.Seconds(), "normal-mixed-s")
		b.ReportMetric(mixed.Seconds()/alone.Seconds(), "mixed/alone")
		b.ReportMetric(float64(peak)/1e6, "peak-RSS-MB")
	}
}

// mixSweep links normal and hostile sources to one claim of a fresh database,
// sweeps once with production settings and returns when the last normal
// source was recorded, counted from the start of the sweep. Every normal
// source must come out live; every source must be recorded.
func mixSweep(b *testing.B, db *store.DB, normal, hostile []string) (time.Duration, recheck.Summary) {
	b.Helper()
	ctx := b.Context()
	clk := clocktest.New(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	svc := claims.NewService(db, claims.DefaultVocabulary(), clk.Now)
	st, err := svc.CreateStory(ctx, editor, claims.NewStory{Title: "Hostile mix", Published: true})
	if err != nil {
		b.Fatal(err)
	}
	c, err := svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The harbour reopened"})
	if err != nil {
		b.Fatal(err)
	}
	// One hostile source after every five normal ones, so that both share
	// the sweep's first batch.
	isNormal := map[int64]bool{}
	link := func(u string, normal bool) {
		ls, err := svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: u, Outlet: "Wire", OutletKind: "wire", Stance: "supports"})
		if err != nil {
			b.Fatal(err)
		}
		isNormal[ls.ID] = normal
	}
	for i, u := range normal {
		link(u, true)
		if h := i / 5; i%5 == 4 && h < len(hostile) {
			link(hostile[h], false)
		}
	}
	for _, u := range hostile[min(len(hostile), len(normal)/5):] {
		link(u, false)
	}
	client := fetch.New(fetch.Options{AllowPrivate: true, DialHook: func(network, addr string) error {
		if ap, err := netip.ParseAddrPort(addr); err != nil || !ap.Addr().Unmap().IsLoopback() {
			return fmt.Errorf("benchmark dial to %s refused: benchmarks stay on loopback", addr)
		}
		return nil
	}})
	defer client.Close()
	chk := recheck.New(svc, client, recheck.Options{Rand: func() float64 { return 0.5 }})

	var mu sync.Mutex
	var last time.Duration
	left := len(normal)
	began := time.Now()
	sum, err := chk.Sweep(ctx, func(r *recheck.Result, err error) {
		if err != nil {
			b.Errorf("a source failed outright instead of being recorded: %v", err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if isNormal[r.SourceID] {
			if r.State != claims.SourceLive {
				b.Errorf("normal source %s: state %s (%s), want live", r.URL, r.State, r.Error)
			}
			left--
			last = time.Since(began)
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	if left != 0 || sum.Checked != len(normal)+len(hostile) {
		b.Fatalf("sweep = %+v with %d normal sources unchecked; want all %d checked", sum, left, len(normal)+len(hostile))
	}
	return last, sum
}

// startMixServers starts n loopback servers with handler h (each its own
// host:port, so its own politeness key).
func startMixServers(b *testing.B, n int, h http.HandlerFunc) []*httptest.Server {
	b.Helper()
	out := make([]*httptest.Server, n)
	for i := range out {
		out[i] = httptest.NewServer(h)
		b.Cleanup(out[i].Close)
	}
	return out
}

// mixArticle is a normal article of about 20 KB, different per path.
func mixArticle(path string) string {
	paras := make([]string, 40)
	for i := range paras {
		paras[i] = fmt.Sprintf("Paragraph %d of %s: the harbour authority said the quay would reopen once divers had checked the piers.", i, path)
	}
	return article(paras...)
}

// mixHostileHandlers are the five hostile behaviours. Handlers that would run
// for ever end when the client goes away or stop is called.
func mixHostileHandlers() (handlers []http.HandlerFunc, stop func()) {
	done := make(chan struct{})
	wait := func(r *http.Request, d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-r.Context().Done():
		case <-done:
		}
		return false
	}
	return []http.HandlerFunc{
		func(w http.ResponseWriter, r *http.Request) { // hanging: never a header
			wait(r, time.Hour)
		},
		drip(done), // one byte a second
		func(w http.ResponseWriter, r *http.Request) { // 1 GiB of small elements, made on the fly
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", fmt.Sprint(1<<30))
			head := "<html><head><title>Endless page</title></head><body><article>"
			line := []byte(strings.Repeat("<p><b>An</b> <i>endless</i> line.</p>\n", 64))
			if _, err := io.WriteString(w, head); err != nil {
				return
			}
			for n := len(head); n+len(line) <= 1<<30; n += len(line) {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		},
		func(w http.ResponseWriter, r *http.Request) { // gzip bomb: 1 GiB of zeros
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			member := gzipMember()
			for range 1024 {
				if _, err := w.Write(member); err != nil {
					return
				}
			}
		},
		func(w http.ResponseWriter, r *http.Request) { // redirect loop
			http.Redirect(w, r, "/article", http.StatusFound)
		},
	}, func() { close(done) }
}
