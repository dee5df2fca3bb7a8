package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
)

type pageOptions struct {
	wrk    wrkSettings
	warmup time.Duration
	rounds int
	keep   bool
}

func pageCommand(fs *flag.FlagSet) func(context.Context) error {
	var o pageOptions
	fs.DurationVar(&o.wrk.duration, "d", 10*time.Second, "wrk duration of each run")
	fs.IntVar(&o.wrk.connections, "c", 64, "wrk connections")
	fs.IntVar(&o.wrk.threads, "t", 2, "wrk threads")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "wrk run of each target and encoding before the rounds, not counted")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds; each runs every target and encoding once, alternating, and the medians are printed")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (nginx's files, claimtrack's log)")
	return func(ctx context.Context) error { return runPage(ctx, o) }
}

// target is one server of the comparison.
type target struct {
	name string
	url  string
}

var encodings = []string{"identity", "gzip"}

// runPage serves the demo story page from nginx (the saved file, with
// gzip_static), from a minimal net/http server (the same bytes and headers
// from memory) and from claimtrack (access log on, written to a file),
// and loads each with wrk in turn, round after round.
func runPage(ctx context.Context, o pageOptions) error {
	if err := ensureTools(); err != nil {
		return err
	}
	dir, bin, cleanup, err := prepare(o.keep)
	if err != nil {
		return err
	}
	defer cleanup()
	// Demo sources name real outlets: the re-checker stays off.
	ct, err := startServer(bin, dir, map[string]string{"CLAIMTRACK_DATABASE": dir + "/claimtrack.db", "CLAIMTRACK_DEMO": "on",
		"CLAIMTRACK_ACCESS_LOG": "on", "CLAIMTRACK_RECHECK": "off"})
	if err != nil {
		return err
	}
	defer ct.stop()
	slug, err := firstStory(ct.base)
	if err != nil {
		return err
	}
	pageURL := ct.base + "/stories/" + slug
	// Sampled after claimtrack's warm-up, its answer carries a request id
	// as long as those it sends during the rounds, and the minimal server
	// copies that length.
	if _, _, err := get(pageURL); err != nil {
		return err
	}
	if err := warmUp(ctx, o, []target{{"claimtrack", pageURL}}); err != nil {
		return err
	}
	v, err := samplePage(pageURL)
	if err != nil {
		return err
	}
	ngURL, stopNginx, err := startNginx(dir, v[0].body, v[1].body)
	if err != nil {
		return err
	}
	defer stopNginx()
	goURL, stopGo, err := startMinimal(v[0], v[1])
	if err != nil {
		return err
	}
	defer stopGo()
	if err := sameAnswers(goURL, v); err != nil {
		return err
	}

	targets := []target{{"nginx", ngURL}, {"minimal Go", goURL}, {"claimtrack", pageURL}}
	if err := warmUp(ctx, o, targets[:2]); err != nil {
		return err
	}
	fmt.Printf("story page: %d bytes, %d gzipped; %s\n", len(v[0].body), len(v[1].body), pageURL)
	fmt.Printf("wrk -t%d -c%d -d%s --latency; %d rounds, targets and encodings alternating; medians\n",
		o.wrk.threads, o.wrk.connections, o.wrk.duration, o.rounds)
	fmt.Printf("load average at start: %s\n\n", loadAverage())
	runs := map[string][]wrkResult{}
	for round := range o.rounds {
		for _, enc := range encodings {
			for _, t := range targets {
				if err := ctx.Err(); err != nil {
					return err
				}
				r, err := runWrk(o.wrk, t.url, enc)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", t.name, enc, err)
				}
				fmt.Fprintf(os.Stderr, "round %d %-8s %-11s %8.0f req/s p99 %s\n", round+1, enc, t.name, r.rps, r.p99)
				runs[enc+t.name] = append(runs[enc+t.name], r)
			}
		}
	}
	fmt.Printf("| encoding | target | req/s | p50 | p99 | claimtrack / minimal Go |\n| --- | --- | ---: | ---: | ---: | ---: |\n")
	for _, enc := range encodings {
		base := medianResult(runs[enc+"minimal Go"])
		for _, t := range targets {
			m := medianResult(runs[enc+t.name])
			ratio := ""
			if t.name == "claimtrack" {
				ratio = fmt.Sprintf("%.2f req/s, %.2f p99", m.rps/base.rps, float64(m.p99)/float64(base.p99))
			}
			fmt.Printf("| %s | %s | %.0f | %s | %s | %s |\n", enc, t.name, m.rps, round(m.p50), round(m.p99), ratio)
		}
	}
	for _, enc := range encodings {
		fmt.Printf("\n%s, claimtrack / minimal Go by round (req/s, p99):", enc)
		for i, r := range runs[enc+"claimtrack"] {
			base := runs[enc+"minimal Go"][i]
			fmt.Printf(" %.2f, %.2f;", r.rps/base.rps, float64(r.p99)/float64(base.p99))
		}
	}
	fmt.Println()
	fmt.Printf("\nload average at end: %s (goal: claimtrack >= 0.95x the minimal server's req/s, p99 <= 1.25x)\n", loadAverage())
	return nil
}

// warmUp loads each target with each encoding for o.warmup, uncounted.
func warmUp(ctx context.Context, o pageOptions, targets []target) error {
	if o.warmup <= 0 {
		return nil
	}
	w := o.wrk
	w.duration = o.warmup
	for _, t := range targets {
		for _, enc := range encodings {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := runWrk(w, t.url, enc); err != nil {
				return fmt.Errorf("warming %s up, %s: %w", t.name, enc, err)
			}
		}
	}
	return nil
}

// samplePage fetches claimtrack's page in each encoding, as it sends it.
func samplePage(pageURL string) ([2]variant, error) {
	var v [2]variant
	for i, enc := range encodings {
		resp, body, err := get(pageURL, "Accept-Encoding", enc)
		if err != nil {
			return v, err
		}
		v[i] = variant{header: resp.Header, body: body}
	}
	if plain, err := gunzip(v[1].body); err != nil || !bytes.Equal(plain, v[0].body) {
		return v, fmt.Errorf("claimtrack's gzip page is not its identity page (%v)", err)
	}
	return v, nil
}

func round(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// loadAverage is /proc/loadavg's three averages: figures from a loaded
// machine are upper bounds of the time things take.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return "unknown"
	}
	return string(bytes.Join(f[:3], []byte(" ")))
}

func firstStory(base string) (string, error) {
	_, body, err := get(base + "/api/v1/stories")
	if err != nil {
		return "", err
	}
	var list struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil || len(list.Items) == 0 {
		return "", errors.Join(errors.New("no story in /api/v1/stories"), err)
	}
	return list.Items[0].Slug, nil
}
