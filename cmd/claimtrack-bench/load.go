package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

type loadOptions struct {
	envFlags
	duration   time.Duration
	reads      int
	writes     int
	stories    int
	sweepEvery string
}

func loadCommand(fs *flag.FlagSet) func(context.Context) error {
	var o loadOptions
	fs.DurationVar(&o.duration, "d", 5*time.Minute, "how long to load")
	fs.IntVar(&o.reads, "rate", 300, "reads per second (story pages, claim pages, API reads), at a fixed rate")
	fs.IntVar(&o.writes, "writes", 20, "writes per second (status changes, evidence, source links), at a fixed rate")
	fs.IntVar(&o.stories, "stories", 3, "stories of 10 claims to read and change")
	o.envFlags.register(fs)
	fs.StringVar(&o.sweepEvery, "sweep", "10s", "how often the re-checker sweeps (the origin changes on every request)")
	return func(ctx context.Context) error { return runLoad(ctx, o) }
}

// loadTargets makes the mix's requests; vegeta's workers call its methods
// concurrently.
type loadTargets struct {
	base   string
	auth   http.Header
	slugs  []string
	claims []int64
	origin string
	n, w   atomic.Uint64
	mu     sync.Mutex
	claim  map[int64]claimRef // as the last status change left it
}

func (lt *loadTargets) read(t *vegeta.Target) error {
	i := lt.n.Add(1)
	slug, claim := lt.slugs[i%uint64(len(lt.slugs))], strconv.FormatInt(lt.claims[i/7%uint64(len(lt.claims))], 10)
	paths := []string{"/stories/" + slug, "/stories/" + slug, "/claims/" + claim, "/api/v1/stories",
		"/api/v1/stories/" + slug, "/api/v1/claims/" + claim, "/api/v1/claims/" + claim + "/timeline"}
	*t = vegeta.Target{Method: http.MethodGet, URL: lt.base + paths[i%uint64(len(paths))]}
	return nil
}

func (lt *loadTargets) write(t *vegeta.Target) error {
	i := lt.w.Add(1)
	id := lt.claims[i/3%uint64(len(lt.claims))]
	path := "/api/v1/claims/" + strconv.FormatInt(id, 10)
	var method string
	var body any
	switch i % 3 {
	case 0:
		lt.mu.Lock()
		c := lt.claim[id]
		lt.mu.Unlock()
		status := "disputed"
		if c.Status == status {
			status = "unverified"
		}
		method, body = http.MethodPatch, map[string]any{"status": status, "note": "Load test: status " + status, "version": c.Version}
	case 1:
		method, path = http.MethodPost, path+"/evidence"
		body = map[string]any{"summary": fmt.Sprintf("Load test evidence %d", i), "stance": "context"}
	default:
		method, path = http.MethodPost, path+"/sources"
		body = map[string]any{"url": fmt.Sprintf("%s/article/load-%d", lt.origin, i), "outlet": "Loopback News",
			"outlet_kind": "independent", "title": "An article that keeps changing", "stance": "supports"}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	*t = vegeta.Target{Method: method, URL: lt.base + path, Body: b, Header: lt.auth}
	return nil
}

// answered keeps a claim's version from a status change's answer, so the
// next change of it is not refused as stale.
func (lt *loadTargets) answered(r *vegeta.Result) {
	if r.Method != http.MethodPatch || r.Code != http.StatusOK {
		return
	}
	var c claimRef
	if json.Unmarshal(r.Body, &c) == nil && c.ID != 0 {
		lt.mu.Lock()
		if c.Version > lt.claim[c.ID].Version {
			lt.claim[c.ID] = c
		}
		lt.mu.Unlock()
	}
}

var idSegment = regexp.MustCompile(`/\d+(/|$)`)

// routeOf names a request by its method and route pattern.
func routeOf(method, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return method + " ?"
	}
	p := idSegment.ReplaceAllString(u.Path, "/:id$1")
	if len(p) > len("/stories/") && p[:len("/stories/")] == "/stories/" {
		p = "/stories/:slug"
	}
	if m := regexp.MustCompile(`^/api/v1/stories/[^/]+$`).FindString(p); m != "" {
		p = "/api/v1/stories/:slug"
	}
	return method + " " + p
}

// runLoad drives the mix at fixed rates with two vegeta attacks (reads
// anonymous, writes with an editor's token) while the re-checker sweeps
// sources linked during the run against an origin that always changes.
func runLoad(ctx context.Context, o loadOptions) error {
	env, err := startEnv(ctx, o.db, o.postgres, o.keep, o.sweepEvery)
	if err != nil {
		return err
	}
	defer env.close()
	lt := &loadTargets{base: env.srv.base, origin: env.origin.url, claim: map[int64]claimRef{},
		auth: http.Header{"Authorization": {"Bearer " + env.api.token}, "Content-Type": {"application/json"}}}
	for s := range o.stories {
		slug := fmt.Sprintf("load-%d", s+1)
		refs, err := env.api.newStory(slug, 10)
		if err != nil {
			return err
		}
		lt.slugs = append(lt.slugs, slug)
		for _, c := range refs {
			lt.claims = append(lt.claims, c.ID)
			lt.claim[c.ID] = c
		}
	}
	fmt.Printf("load: %d reads/s + %d writes/s for %s on %s, sweeps every %s against %s\n", o.reads, o.writes, o.duration,
		o.db, o.sweepEvery, env.origin.url)
	fmt.Printf("load average at start: %s\n\n", loadAverage())
	cost0 := readCost(env.srv.base)
	samples := startSampler(env.srv.base, max(time.Second, o.duration/60))
	stats := newRouteStats()
	var mu sync.Mutex
	collect := func(results <-chan *vegeta.Result, a *vegeta.Attacker, wg *sync.WaitGroup) {
		defer wg.Done()
		for r := range results {
			lt.answered(r)
			mu.Lock()
			stats.add(routeOf(r.Method, r.URL), r)
			mu.Unlock()
			if ctx.Err() != nil {
				a.Stop()
			}
		}
	}
	var wg sync.WaitGroup
	attacker := func() *vegeta.Attacker {
		return vegeta.NewAttacker(vegeta.Timeout(30*time.Second), vegeta.MaxWorkers(maxWorkers))
	}
	reader, writer := attacker(), attacker()
	wg.Add(2)
	go collect(reader.Attack(lt.read, vegeta.Rate{Freq: o.reads, Per: time.Second}, o.duration, "reads"), reader, &wg)
	go collect(writer.Attack(lt.write, vegeta.Rate{Freq: o.writes, Per: time.Second}, o.duration, "writes"), writer, &wg)
	wg.Wait()
	over := samples.stop()
	cost := readCost(env.srv.base).minus(cost0)

	stats.print(os.Stdout)
	fmt.Println()
	reportSamples(os.Stdout, over)
	cost.print(os.Stdout, stats.requests(routeOf(http.MethodGet, lt.base+"/stories/"+lt.slugs[0])),
		stats.requests(routeOf(http.MethodGet, lt.base+"/claims/1")), stats.total())
	fmt.Printf("\norigin requests (source checks): %d\nload average at end: %s (goals: no error, read p99 < 10 ms, write p99 < 25 ms, no growth in the second half)\n",
		env.origin.hits.Load(), loadAverage())
	return nil
}

// serverCost is what claimtrack spent, read from its /metrics: CPU time,
// which other processes on a shared machine inflate far less than
// latencies, and story page renders.
type serverCost struct{ cpu, storyRenders, claimRenders float64 }

func readCost(base string) serverCost {
	cpu, _, _ := metricValue(base, "process_cpu_seconds_total")
	story, _, _ := metricValue(base, `claimtrack_page_renders_total{page="story"}`)
	claim, _, _ := metricValue(base, `claimtrack_page_renders_total{page="claim"}`)
	return serverCost{cpu: cpu, storyRenders: story, claimRenders: claim}
}

func (c serverCost) minus(o serverCost) serverCost {
	return serverCost{cpu: c.cpu - o.cpu, storyRenders: c.storyRenders - o.storyRenders, claimRenders: c.claimRenders - o.claimRenders}
}

func (c serverCost) print(w io.Writer, storyReads, claimReads, requests int) {
	fmt.Fprintf(w, "\nserver CPU: %.1f s, %.2f ms per request; page renders: %.0f for %d story page reads, %.0f for %d claim page reads\n",
		c.cpu, 1000*c.cpu/float64(max(1, requests)), c.storyRenders, storyReads, c.claimRenders, claimReads)
}
