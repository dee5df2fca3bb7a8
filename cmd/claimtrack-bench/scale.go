package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
)

type scaleOptions struct {
	sizes                              string
	db, postgres                       string
	sources, subscribers, stories, evs int
	claimsPerStory, reads              int
	only                               string
	keep                               bool
}

func scaleCommand(fs *flag.FlagSet) func(context.Context) error {
	var o scaleOptions
	fs.StringVar(&o.sizes, "sizes", "1,10,100", "scales to run, as multiples of the bases")
	fs.StringVar(&o.db, "db", "both", "database: sqlite, postgres or both")
	fs.StringVar(&o.postgres, "postgres", defaultPostgres, "PostgreSQL server to create the bench databases on")
	fs.IntVar(&o.sources, "sources", 1000, "sources swept at 1x")
	fs.IntVar(&o.subscribers, "subscribers", 1000, "confirmed subscribers of one story at 1x")
	fs.IntVar(&o.stories, "stories", 100, "stories at 1x")
	fs.IntVar(&o.claimsPerStory, "claims", 20, "claims per story")
	fs.IntVar(&o.evs, "events", 100, "events on one claim at 1x (100x is the 10,000 the claim page must render in under 50 ms)")
	fs.IntVar(&o.reads, "reads", 200, "requests per page or list for its median and p99")
	fs.StringVar(&o.only, "only", "", "run one dimension only: sources, subscribers, stories or events")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory")
	return func(ctx context.Context) error { return runScale(ctx, o) }
}

// scaleRow is one line of the table.
type scaleRow struct {
	what, db      string
	size, items   int
	perItem       time.Duration
	pages         []string
	peakMB        float64
	seed, measure time.Duration
}

func runScale(ctx context.Context, o scaleOptions) error {
	var sizes []int
	for _, s := range strings.Split(o.sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes takes multiples like 1,10,100, not %q", o.sizes)
		}
		sizes = append(sizes, n)
	}
	dbs := []string{o.db}
	if o.db == "both" {
		dbs = []string{"sqlite", "postgres"}
	}
	dims := []string{"sources", "subscribers", "stories", "events"}
	if o.only != "" {
		if !slices.Contains(dims, o.only) {
			return fmt.Errorf("-only takes one of %s", strings.Join(dims, ", "))
		}
		dims = []string{o.only}
	}
	dir, bin, cleanup, err := prepare(o.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Printf("scale: sizes %v on %v; load average at start: %s\n\n", sizes, dbs, loadAverage())
	// Rows are printed as they are measured: a long run cut short keeps
	// what it measured.
	fmt.Println("| what | database | scale | items | time per item | p50 / p99 of the pages and lists that touch it | peak RSS |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | --- | ---: |")
	for _, db := range dbs {
		for _, dim := range dims {
			for _, size := range sizes {
				if err := ctx.Err(); err != nil {
					return err
				}
				r, err := scaleOne(ctx, o, bin, dir, db, dim, size)
				if err != nil {
					return fmt.Errorf("%s on %s at %dx: %w", dim, db, size, err)
				}
				fmt.Fprintf(os.Stderr, "%s %s %dx: %d items, %s per item, peak %.0f MB (seeding %s, measuring %s)\n",
					db, dim, size, r.items, r.perItem, r.peakMB, r.seed.Round(time.Millisecond), r.measure.Round(time.Millisecond))
				fmt.Printf("| %s | %s | %dx | %d | %s | %s | %.0f MB |\n", r.what, r.db, r.size, r.items, round(r.perItem),
					strings.Join(r.pages, "; "), r.peakMB)
			}
		}
	}
	fmt.Printf("\nload average at end: %s\n", loadAverage())
	return nil
}

// scaleOne seeds a fresh database for one dimension at one size, measures
// the dimension's work and then the median and p99 of the pages that touch
// it, served by the real binary.
func scaleOne(ctx context.Context, o scaleOptions, bin, dir, kind, dim string, size int) (scaleRow, error) {
	dsn, drop, err := database(ctx, kind, dir, o.postgres)
	if err != nil {
		return scaleRow{}, err
	}
	defer drop()
	if kind == "sqlite" {
		defer func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(dsn + suffix)
			}
		}()
	}
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return scaleRow{}, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return scaleRow{}, err
	}
	svc := claims.NewService(db, claims.DefaultVocabulary(), time.Now)
	orig, err := startOrigin()
	if err != nil {
		return scaleRow{}, err
	}
	defer orig.close()

	row := scaleRow{what: dim, db: kind, size: size}
	began := time.Now()
	var s seeded
	switch dim {
	case "sources":
		row.items, row.what = o.sources*size, "sources swept"
		s, err = seedSources(ctx, db, svc, orig.url, row.items)
	case "subscribers":
		row.items, row.what = o.subscribers*size, "subscribers of one story (fan-out)"
		s, err = seedSubscribers(ctx, db, svc, row.items)
	case "stories":
		row.items, row.what = o.stories*size*o.claimsPerStory, fmt.Sprintf("stories x %d claims (claims)", o.claimsPerStory)
		s, err = seedStories(ctx, db, o.stories*size, o.claimsPerStory)
	case "events":
		row.items, row.what = o.evs*size, "events on one claim"
		s, err = seedEvents(ctx, db, svc, row.items)
	}
	if err == nil && kind == "postgres" {
		err = analyze(ctx, dsn)
	}
	if err != nil {
		return row, err
	}
	row.seed = time.Since(began)
	began = time.Now()
	if dim == "sources" {
		// In this process: the re-checker's scheduled sweep as the binary
		// runs it (every seeded source is due, never checked), with the
		// politeness gap off so one origin stands for many outlets.
		client := fetch.New(fetch.Options{AllowPrivate: true, PerHostGap: -1})
		// What seeding left on the heap is not the sweep's to count.
		debug.FreeOSMemory()
		if err := resetPeak(os.Getpid()); err != nil {
			return row, err
		}
		t0 := time.Now()
		sum, err := recheck.New(svc, client, recheck.Options{}).Sweep(ctx, nil)
		if err != nil {
			return row, err
		}
		if sum.Checked != row.items {
			return row, fmt.Errorf("the sweep checked %d of %d sources (%d failed)", sum.Checked, row.items, sum.Failed)
		}
		row.perItem = time.Since(t0) / time.Duration(row.items)
		_, peak, _ := procStatus(os.Getpid())
		row.peakMB = float64(peak) / 1024
	}
	if err := db.Close(); err != nil {
		return row, err
	}
	err = serveAndMeasure(o, bin, dir, dsn, dim, s, &row)
	row.measure = time.Since(began)
	return row, err
}

// serveAndMeasure starts the binary on the seeded database, runs the
// fan-out (subscribers) or walks the paged list (stories, events), and
// takes the median and p99 of each page that touches the dimension.
func serveAndMeasure(o scaleOptions, bin, dir, dsn, dim string, s seeded, row *scaleRow) error {
	settings := merge(adminSettings(), map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_DEMO": "off",
		"CLAIMTRACK_RECHECK": "off", "CLAIMTRACK_ACCESS_LOG": "on", "CLAIMTRACK_ALERT_DIGEST_WINDOW": "0"})
	var sink *smtpSink
	if dim == "subscribers" {
		var err error
		if sink, err = startSMTPSink(); err != nil {
			return err
		}
		defer sink.close()
		settings["CLAIMTRACK_SMTP_URL"] = sink.url
	}
	srv, err := startServer(bin, dir, settings)
	if err != nil {
		return err
	}
	defer srv.stop()
	pid := srv.cmd.Process.Pid
	if err := resetPeak(pid); err != nil {
		return err
	}
	claim := strconv.FormatInt(s.claimID, 10)
	var pages []string
	switch dim {
	case "sources":
		pages = []string{"/stories/" + s.slug, "/api/v1/claims/" + claim, "/api/v1/sources/" + strconv.FormatInt(s.source, 10)}
	case "subscribers":
		token, err := srv.token()
		if err != nil {
			return err
		}
		t0 := time.Now()
		err = newAPI(srv.base, token).do(http.MethodPatch, "/api/v1/claims/"+claim, map[string]any{
			"status": "confirmed", "note": "Settled for the scale bench", "version": s.version}, nil)
		if err != nil {
			return err
		}
		for sink.accepted.Load() < int64(row.items) {
			if time.Since(t0) > 30*time.Minute {
				return fmt.Errorf("%d of %d messages accepted in 30 minutes", sink.accepted.Load(), row.items)
			}
			time.Sleep(20 * time.Millisecond)
		}
		row.perItem = time.Since(t0) / time.Duration(row.items)
		pages = []string{"/stories/" + s.slug, "/api/v1/stories/" + s.slug}
	case "stories":
		t0 := time.Now()
		n, err := walkList(srv.base, "/api/v1/stories")
		if err != nil {
			return err
		}
		row.perItem = time.Since(t0) / time.Duration(max(n, 1)) / time.Duration(o.claimsPerStory)
		pages = []string{"/", "/api/v1/stories", "/api/v1/claimreview", "/stories/" + s.slug}
	case "events":
		t0 := time.Now()
		n, err := walkList(srv.base, "/api/v1/claims/"+claim+"/timeline")
		if err != nil {
			return err
		}
		row.perItem = time.Since(t0) / time.Duration(max(n, 1))
		earlier, err := earlierClaimPage(srv.base, claim)
		if err != nil {
			return err
		}
		pages = []string{"/claims/" + claim, "/api/v1/claims/" + claim + "/timeline", "/api/v1/claims/" + claim}
		if earlier != "" {
			pages = slices.Insert(pages, 1, earlier)
		}
	}
	for _, p := range pages {
		p50, p99, err := percentilesOf(srv.base+p, o.reads)
		if err != nil {
			return err
		}
		row.pages = append(row.pages, fmt.Sprintf("`%s` %s / %s", p, round(p50), round(p99)))
	}
	if dim != "sources" {
		_, peak, _ := procStatus(pid)
		row.peakMB = float64(peak) / 1024
	}
	return nil
}

// percentilesOf requests url n times, one after the other, and returns the
// median and the 99th percentile of the times to the full answer: on a
// shared machine the median says what the page costs, the p99 what the
// machine's scheduler added.
func percentilesOf(url string, n int) (p50, p99 time.Duration, err error) {
	ds := make([]time.Duration, 0, n)
	for range n {
		t0 := time.Now()
		if _, _, err := get(url, "Accept-Encoding", "gzip"); err != nil {
			return 0, 0, err
		}
		ds = append(ds, time.Since(t0))
	}
	slices.Sort(ds)
	return ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*99/100)], nil
}

// earlierClaimPage returns the address of a claim page's second page of
// events, or "" when its timeline fits on one page. The first is kept in
// the page cache, so its reads measure the cache; this one is drawn on
// every read, counts included, so its reads measure what a claim's page
// costs to draw.
func earlierClaimPage(base, claim string) (string, error) {
	_, body, err := get(base + "/api/v1/claims/" + claim + "/timeline?limit=" + strconv.Itoa(claims.TimelinePageSize))
	if err != nil {
		return "", err
	}
	var page struct {
		Next *string `json:"next"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return "", fmt.Errorf("the timeline of claim %s: %w: %.200s", claim, err, body)
	}
	if page.Next == nil {
		return "", nil
	}
	return "/claims/" + claim + "?before=" + *page.Next, nil
}

// walkList follows a paged API list to its end (its "next" cursor, passed
// as ?before=) and counts its items.
func walkList(base, path string) (int, error) {
	total, next := 0, base+path
	for next != "" {
		_, body, err := get(next)
		if err != nil {
			return total, err
		}
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  *string           `json:"next"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return total, fmt.Errorf("%s: %w", next, err)
		}
		total += len(page.Items)
		next = ""
		if page.Next != nil && *page.Next != "" {
			next = base + path + "?before=" + *page.Next
		}
	}
	return total, nil
}
