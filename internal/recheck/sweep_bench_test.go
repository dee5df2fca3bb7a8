package recheck_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/procstat"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// Sizes of the sweep benchmark.
const (
	sweepSources = 10_000
	sweepHosts   = 100
	sweepClaims  = 100
)

// BenchmarkSweep10k sweeps 10,000 sources spread over 100 loopback hosts
// (127.0.0.2 … 127.0.0.101, so 100 politeness keys) with the production
// client and checker settings except the politeness gap, which is off. The
// first sweep takes the baselines and is not timed; each timed sweep follows
// a 25 h step of the clock that makes every source due again.
//
//	unchanged: every page answers 304 to the ETag it gave.
//	changed:   every page is a fresh ~50 KB article, one paragraph differing
//	           per request, so each check extracts, diffs and stores a snapshot.
//
// Run: go test -run '^$' -bench Sweep10k -benchtime 1x -timeout 30m ./internal/recheck/
// (with CLAIMTRACK_TEST_POSTGRES set, the postgres sub-benchmarks run too).
func BenchmarkSweep10k(b *testing.B) {
	for _, changed := range []bool{false, true} {
		name := "unchanged"
		if changed {
			name = "changed"
		}
		b.Run(name, func(b *testing.B) {
			b.Run(store.DialectSQLite, func(b *testing.B) { benchSweep(b, storetest.SQLite(b), changed) })
			b.Run(store.DialectPostgres, func(b *testing.B) { benchSweep(b, storetest.Postgres(b), changed) })
		})
	}
}

func benchSweep(b *testing.B, db *store.DB, changed bool) {
	ctx := b.Context()
	hosts := startSweepHosts(b, changed)

	began := time.Now()
	clk := clocktest.New(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	svc := claims.NewService(db, claims.DefaultVocabulary(), clk.Now)
	seedSweepSources(b, svc, hosts.urls)
	b.Logf("setup: %d sources linked to %d claims through claims.Service in %s", sweepSources, sweepClaims, time.Since(began).Round(time.Millisecond))

	var strays atomic.Int64
	client := fetch.New(fetch.Options{
		AllowPrivate: true, PerHostGap: -1,
		DialHook: func(network, addr string) error {
			ap, err := netip.ParseAddrPort(addr)
			if err != nil || !ap.Addr().Unmap().IsLoopback() {
				strays.Add(1)
				return fmt.Errorf("benchmark dial to %s refused: benchmarks stay on loopback", addr)
			}
			return nil
		},
	})
	b.Cleanup(client.Close)
	// Rand 0.5 is no jitter, so a 25 h step makes even the 24 h back-off due.
	chk := recheck.New(svc, client, recheck.Options{Rand: func() float64 { return 0.5 }})

	began = time.Now()
	cpu := processCPU(b)
	base := sweepOnce(b, ctx, chk)
	if base.Checked != sweepSources || base.Failed != 0 {
		b.Fatalf("baseline sweep = %+v, want %d checks and no failures", base, sweepSources)
	}
	b.Logf("baseline sweep (not timed): %s, %.2f ms of CPU per check", time.Since(began).Round(time.Millisecond),
		float64((processCPU(b)-cpu).Microseconds())/1000/sweepSources)

	var peakHeap, peakRSS uint64
	var elapsed, cpuUsed time.Duration
	sweeps := 0
	for b.Loop() {
		b.StopTimer()
		clk.Advance(25 * time.Hour)
		hosts.served.Store(0)
		resetPeakRSS(b)
		mem := sampleMemory()
		b.StartTimer()

		began, cpu := time.Now(), processCPU(b)
		sum := sweepOnce(b, ctx, chk)
		elapsed += time.Since(began)
		cpuUsed += processCPU(b) - cpu

		b.StopTimer()
		peakHeap = max(peakHeap, mem.stop())
		peakRSS = max(peakRSS, readPeakRSS(b))
		sweeps++
		wantEvents := 0
		if changed {
			wantEvents = sweepSources // one source_changed on the one claim of each source
		}
		if sum.Checked != sweepSources || sum.Failed != 0 || sum.Events != wantEvents {
			b.Fatalf("sweep = %+v, want %d checks, no failures and %d events", sum, sweepSources, wantEvents)
		}
		if n := hosts.served.Load(); n != sweepSources {
			b.Fatalf("the hosts answered %d requests with the expected response, want %d", n, sweepSources)
		}
		b.StartTimer()
	}
	if n := strays.Load(); n != 0 {
		b.Fatalf("%d dials to non-loopback addresses were refused", n)
	}
	b.ReportMetric(float64(sweeps*sweepSources)/elapsed.Seconds(), "checks/s")
	// CPU per check does not depend on what else the machine runs, as the
	// rate does; the 100 servers' share is in it.
	b.ReportMetric(float64(cpuUsed.Microseconds())/1000/float64(sweeps*sweepSources), "cpu-ms/check")
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
}

func sweepOnce(b *testing.B, ctx context.Context, chk *recheck.Checker) recheck.Summary {
	b.Helper()
	sum, err := chk.Sweep(ctx, nil)
	if err != nil {
		b.Fatalf("Sweep: %v", err)
	}
	return sum
}

// seedSweepSources links sweepSources sources to sweepClaims claims of one
// story, source i on host i mod len(hosts): the sweep leases in id order, so
// each batch spreads over every host as a real mix of outlets would.
func seedSweepSources(b *testing.B, svc *claims.Service, hosts []string) {
	b.Helper()
	ctx := b.Context()
	st, err := svc.CreateStory(ctx, editor, claims.NewStory{Title: "Ten thousand sources", Published: true})
	if err != nil {
		b.Fatal(err)
	}
	claimIDs := make([]int64, sweepClaims)
	for i := range claimIDs {
		c, err := svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "Claim " + strconv.Itoa(i)})
		if err != nil {
			b.Fatal(err)
		}
		claimIDs[i] = c.ID
	}
	for i := range sweepSources {
		url := hosts[i%len(hosts)] + "/news/2026/05/story-" + strconv.Itoa(i)
		_, err := svc.LinkSource(ctx, editor, claimIDs[i%len(claimIDs)],
			claims.NewSourceLink{URL: url, Outlet: "Outlet " + strconv.Itoa(i%len(hosts)), OutletKind: "independent", Stance: "supports"})
		if err != nil {
			b.Fatalf("link source %d: %v", i, err)
		}
	}
}

// benchHosts are the benchmark's web servers. served counts the responses
// of the expected kind: 304s in the unchanged case, full pages in the
// changed one.
type benchHosts struct {
	urls   []string
	served atomic.Int64
}

// startSweepHosts starts sweepHosts servers, each on its own loopback
// address, so that each is its own politeness key as distinct outlets are.
func startSweepHosts(b *testing.B, changed bool) *benchHosts {
	b.Helper()
	h := &benchHosts{}
	page := newArticlePage()
	var edits atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		etag := `"` + r.URL.Path + `-v1"`
		switch {
		case changed:
			// Every answer is an edit, and the page carries no validator,
			// as many news sites serve it.
			h.served.Add(1)
		case r.Header.Get("If-None-Match") == etag:
			h.served.Add(1)
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		default:
			w.Header().Set("ETag", etag)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		page.write(w, r.URL.Path, edits.Add(1))
	})
	for i := range sweepHosts {
		ln, err := net.Listen("tcp", "127.0.0."+strconv.Itoa(i+2)+":0")
		if err != nil {
			b.Fatalf("listen on loopback host %d: %v", i, err)
		}
		srv := httptest.NewUnstartedServer(handler)
		srv.Listener.Close()
		srv.Listener = ln
		srv.Start()
		b.Cleanup(srv.Close)
		h.urls = append(h.urls, srv.URL)
	}
	return h
}

// articlePage is a news article of about 50 KB as outlets serve them:
// scripts, a long navigation, a sidebar and a footer around the story. It is
// built once; write splices in a paragraph naming the path and one naming
// the edit, so sources differ from each other and from their last check.
type articlePage struct {
	head, body, tail []byte
}

func newArticlePage() *articlePage {
	var head strings.Builder
	head.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Dam inspection finds faults | The Courier</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());</script>
<style>body{font-family:Georgia,serif}.nav a{margin:0 4px}.ad{min-height:250px}</style></head><body>
<header class="masthead"><a class="logo" href="/">The Courier</a><nav class="nav">`)
	for i := range 40 {
		fmt.Fprintf(&head, `<a href="/section/%d">Section %d</a>`, i, i)
	}
	head.WriteString(`</nav><form class="search" action="/search"><input name="q"></form></header>
<div class="ad">Advertisement</div><main><article><h1>Dam inspection finds 1,204 minor faults</h1>
<p class="byline">By A. Reporter, 12 Sept. 2026</p><div class="story-body">`)

	var body strings.Builder
	for i := 0; body.Len() < 48_000; i++ {
		fmt.Fprintf(&body, `<p>Paragraph %d of the report: officials in district %d said the inspection on 12 Sept. found 1,204 minor faults, 10.5%% fewer than last year. "We are confident in the structure," said Mr. Okafor. Residents were not convinced.</p>`+"\n", i, i*7+3)
	}

	var tail strings.Builder
	tail.WriteString(`</div></article><aside class="related"><h2>Related</h2><ul>`)
	for i := range 12 {
		fmt.Fprintf(&tail, `<li><a href="/news/related-%d">Related story number %d about the dam</a></li>`, i, i)
	}
	tail.WriteString(`</ul></aside></main><footer><p>© 2026 The Courier. All rights reserved.</p><ul>`)
	for _, s := range []string{"About", "Contact", "Privacy", "Terms", "Cookies", "Advertise", "Careers", "Newsletters"} {
		fmt.Fprintf(&tail, `<li><a href="/%s">%s</a></li>`, strings.ToLower(s), s)
	}
	tail.WriteString(`</ul></footer><script src="/static/app.js" defer></script></body></html>`)
	return &articlePage{head: []byte(head.String()), body: []byte(body.String()), tail: []byte(tail.String())}
}

func (p *articlePage) write(w http.ResponseWriter, path string, edit int64) {
	var buf bytes.Buffer
	buf.Grow(len(p.head) + len(p.body) + len(p.tail) + 256)
	buf.Write(p.head)
	fmt.Fprintf(&buf, "<p>This report was filed at %s.</p>\n", path)
	buf.Write(p.body)
	fmt.Fprintf(&buf, "<p>Correction %d: an earlier version of this article misstated the number of inspectors.</p>\n", edit)
	buf.Write(p.tail)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// memorySampler records the largest Go heap seen while it runs.
type memorySampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

// sampleMemory samples the live and not yet swept heap objects every 5 ms
// until stop; a sweep lasts seconds, so the sampling misses little.
func sampleMemory() *memorySampler {
	m := &memorySampler{done: make(chan struct{})}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	m.wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			m.peak = max(m.peak, s[0].Value.Uint64())
			select {
			case <-m.done:
				return
			case <-t.C:
			}
		}
	})
	return m
}

func (m *memorySampler) stop() uint64 {
	close(m.done)
	m.wg.Wait()
	return m.peak
}

// processCPU, resetPeakRSS and readPeakRSS fail the benchmark instead of
// returning procstat's errors.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	d, err := procstat.CPU()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func resetPeakRSS(b *testing.B) {
	b.Helper()
	if err := procstat.ResetPeakRSS(); err != nil {
		b.Fatal(err)
	}
}

func readPeakRSS(b *testing.B) uint64 {
	b.Helper()
	n, err := procstat.PeakRSS()
	if err != nil {
		b.Fatal(err)
	}
	return n
}
