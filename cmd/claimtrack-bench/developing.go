package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// rendersSeries counts the story page's renders; a server without it
// reports renders as n/a.
const rendersSeries = `claimtrack_page_renders_total{page="story"}`

// rerendersSeries counts renders of a page at a revision the cache already
// held (an expired page): with a write a second, any is a second render of
// one revision.
const rerendersSeries = `claimtrack_page_rerenders_total`

type developingOptions struct {
	envFlags
	duration time.Duration
	rate     int
	every    time.Duration
}

func developingCommand(fs *flag.FlagSet) func(context.Context) error {
	var o developingOptions
	fs.DurationVar(&o.duration, "d", 2*time.Minute, "how long to read")
	fs.IntVar(&o.rate, "rate", 2000, "story page reads per second, at a fixed rate")
	fs.DurationVar(&o.every, "every", time.Second, "how often the editor changes the story")
	o.envFlags.register(fs)
	return func(ctx context.Context) error { return runDeveloping(ctx, o) }
}

const defaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// revisionMark is what the editor writes into a claim each time, and what
// every read after the write must show.
const revisionMark = "Developing claim, revision "

// writeLog keeps when each editor write was answered, so a read that began
// later can be held to it.
type writeLog struct {
	mu   sync.Mutex
	done []time.Time // done[n-1]: when write n was answered
}

func (l *writeLog) add(at time.Time) {
	l.mu.Lock()
	l.done = append(l.done, at)
	l.mu.Unlock()
}

// due is the revision a read that began at t must show at least.
func (l *writeLog) due(t time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.done)
	for n > 0 && !l.done[n-1].Before(t) {
		n--
	}
	return n
}

// revisionIn reads the revision number a story page shows.
func revisionIn(page []byte) int {
	i := bytes.Index(page, []byte(revisionMark))
	if i < 0 {
		return 0
	}
	rest := page[i+len(revisionMark):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	n, _ := strconv.Atoi(string(rest[:j]))
	return n
}

// runDeveloping reads one story at a fixed rate while an editor changes one
// of its claims through the API every o.every and links a new source every
// fifth time, which the sweeps (every 5 s) then check against an origin on
// loopback that changes on every request.
func runDeveloping(ctx context.Context, o developingOptions) error {
	env, err := startEnv(ctx, o.db, o.postgres, o.keep, "5s")
	if err != nil {
		return err
	}
	defer env.close()
	refs, err := env.api.newStory("developing", 10)
	if err != nil {
		return err
	}
	for i := range 10 {
		if err := env.api.linkSource(refs[i].ID, fmt.Sprintf("%s/article/start-%d", env.origin.url, i)); err != nil {
			return err
		}
	}
	pageURL := env.srv.base + "/stories/developing"
	// A labelled counter appears on /metrics with its first increment: a
	// server that has rendered no story page yet has rendered zero.
	renders0, _, _ := metricValue(env.srv.base, rendersSeries)
	rerenders0, _, _ := metricValue(env.srv.base, rerendersSeries)

	var writes writeLog
	var writeErrs, staleForWriter []string
	editorDone := make(chan struct{})
	ectx, stopEditor := context.WithCancel(ctx)
	go func() {
		defer close(editorDone)
		t := time.NewTicker(o.every)
		defer t.Stop()
		claim := refs[0]
		for n := 1; ; n++ {
			select {
			case <-ectx.Done():
				return
			case <-t.C:
			}
			err := env.api.do(http.MethodPatch, "/api/v1/claims/"+strconv.FormatInt(claim.ID, 10), map[string]any{
				"text": fmt.Sprintf("%s%d", revisionMark, n), "version": claim.Version}, &claim)
			if err != nil {
				writeErrs = append(writeErrs, err.Error())
				n--
				continue
			}
			writes.add(time.Now())
			// The writer's own next read.
			if _, page, err := get(pageURL); err != nil || revisionIn(page) < n {
				staleForWriter = append(staleForWriter, fmt.Sprintf("write %d: read showed %d (%v)", n, revisionIn(page), err))
			}
			if n%5 == 0 {
				if err := env.api.linkSource(refs[n/5%len(refs)].ID, fmt.Sprintf("%s/article/%d", env.origin.url, n)); err != nil {
					writeErrs = append(writeErrs, err.Error())
				}
			}
		}
	}()

	fmt.Printf("developing story: %d reads/s of %s for %s, an editor write every %s, sweeps every 5 s (%s)\n",
		o.rate, pageURL, o.duration, o.every, o.db)
	fmt.Printf("load average at start: %s\n\n", loadAverage())
	attacker := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.MaxWorkers(maxWorkers))
	tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: pageURL})
	stats := newRouteStats()
	stale, checked := 0, 0
	var firstStale string
	for r := range attacker.Attack(tr, vegeta.Rate{Freq: o.rate, Per: time.Second}, o.duration, "developing") {
		stats.add("GET /stories/:slug", r)
		if r.Code != http.StatusOK {
			continue
		}
		checked++
		if want, got := writes.due(r.Timestamp), revisionIn(r.Body); got < want {
			stale++
			if firstStale == "" {
				firstStale = fmt.Sprintf("a read begun %s showed revision %d, written before it: %d", r.Timestamp.Format(time.StampMicro), got, want)
			}
		}
		if ctx.Err() != nil {
			attacker.Stop()
		}
	}
	stopEditor()
	<-editorDone

	stats.print(os.Stdout)
	n := len(writes.done)
	fmt.Printf("\neditor writes: %d (%d failed); reads checked: %d; reads older than a write answered before they began: %d\n",
		n, len(writeErrs), checked, stale)
	if firstStale != "" {
		fmt.Println("  first:", firstStale)
	}
	fmt.Printf("writer's next read missing its write: %d\n", len(staleForWriter))
	for _, s := range append(staleForWriter, writeErrs...)[:min(3, len(staleForWriter)+len(writeErrs))] {
		fmt.Println("  ", s)
	}
	renders1, ok, _ := metricValue(env.srv.base, rendersSeries)
	if !ok || n == 0 {
		fmt.Println("story page renders per editor write: n/a (no " + rendersSeries + " on /metrics)")
	} else {
		fmt.Printf("story page renders: %.0f for %d editor writes and the sweeps' changes: %.2f per write\n",
			renders1-renders0, n, (renders1-renders0)/float64(n))
	}
	if rerenders1, ok, _ := metricValue(env.srv.base, rerendersSeries); ok {
		fmt.Printf("renders of a revision already rendered (%s): %.0f (goal 0)\n", rerendersSeries, rerenders1-rerenders0)
	}
	fmt.Printf("origin requests (source checks): %d\nload average at end: %s (goal: read p99 < 10 ms, no stale read, at most one render per revision)\n",
		env.origin.hits.Load(), loadAverage())
	return nil
}
