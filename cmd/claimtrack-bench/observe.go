package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// metricValue reads one sample from claimtrack's /metrics: the line that
// starts with series (a name, or a name with its labels). ok is false when
// the series is absent.
func metricValue(base, series string) (v float64, ok bool, err error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, false, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		rest, found := strings.CutPrefix(line, series+" ")
		if !found {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
		return v, err == nil, err
	}
	return 0, false, sc.Err()
}

// sample is claimtrack's memory and goroutines at one moment.
type sample struct {
	at         time.Duration
	rssMB      float64
	goroutines float64
}

// sampler reads RSS and goroutines from /metrics every period until stop.
type sampler struct {
	mu      sync.Mutex
	samples []sample
	done    chan struct{}
	wg      sync.WaitGroup
}

func startSampler(base string, every time.Duration) *sampler {
	s := &sampler{done: make(chan struct{})}
	began := time.Now()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			rss, _, _ := metricValue(base, "process_resident_memory_bytes")
			g, _, _ := metricValue(base, "go_goroutines")
			s.mu.Lock()
			s.samples = append(s.samples, sample{at: time.Since(began), rssMB: rss / (1 << 20), goroutines: g})
			s.mu.Unlock()
			select {
			case <-s.done:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *sampler) stop() []sample {
	close(s.done)
	s.wg.Wait()
	return s.samples
}

// report prints the samples and whether the second half's grew: its last
// quarter's mean above its first quarter's by more than slack.
func reportSamples(w io.Writer, samples []sample) {
	fmt.Fprintln(w, "| time | RSS MB | goroutines |\n| ---: | ---: | ---: |")
	step := max(1, len(samples)/20)
	for i := 0; i < len(samples); i += step {
		s := samples[i]
		fmt.Fprintf(w, "| %s | %.1f | %.0f |\n", s.at.Round(time.Second), s.rssMB, s.goroutines)
	}
	if len(samples) < 8 {
		fmt.Fprintln(w, "\ntoo few samples to judge growth")
		return
	}
	half := samples[len(samples)/2:]
	q := len(half) / 4
	mean := func(ss []sample, f func(sample) float64) float64 {
		t := 0.0
		for _, s := range ss {
			t += f(s)
		}
		return t / float64(len(ss))
	}
	for _, m := range []struct {
		name  string
		f     func(sample) float64
		slack float64
	}{{"RSS", func(s sample) float64 { return s.rssMB }, 1.05}, {"goroutines", func(s sample) float64 { return s.goroutines }, 1.10}} {
		a, b := mean(half[:q], m.f), mean(half[len(half)-q:], m.f)
		verdict := "no growth"
		if b > a*m.slack {
			verdict = "GREW"
		}
		fmt.Fprintf(w, "\n%s in the second half: %.1f at its start, %.1f at its end: %s", m.name, a, b, verdict)
	}
	fmt.Fprintln(w)
}

// maxWorkers bounds vegeta's workers (each a connection): past it the
// attack slows down instead of opening connections without end when the
// server falls behind, and answered/s shows the shortfall.
const maxWorkers = 512

// routeStats gathers vegeta results by route.
type routeStats struct {
	order   []string
	metrics map[string]*vegeta.Metrics
	codes   map[string]map[uint16]int
	errs    map[string]string
}

func newRouteStats() *routeStats {
	return &routeStats{metrics: map[string]*vegeta.Metrics{}, codes: map[string]map[uint16]int{}, errs: map[string]string{}}
}

func (rs *routeStats) add(route string, r *vegeta.Result) {
	m := rs.metrics[route]
	if m == nil {
		m = &vegeta.Metrics{}
		rs.metrics[route] = m
		rs.codes[route] = map[uint16]int{}
		rs.order = append(rs.order, route)
	}
	m.Add(r)
	rs.codes[route][r.Code]++
	if r.Error != "" && rs.errs[route] == "" {
		rs.errs[route] = r.Error + ": " + string(bytes.TrimSpace(r.Body[:min(len(r.Body), 200)]))
	}
}

// print writes the per-route table: requests, p50, p99, and answers by
// status; then the first error of each route that had one.
func (rs *routeStats) print(w io.Writer) {
	slices.Sort(rs.order)
	fmt.Fprintln(w, "| route | requests | answered/s | p50 | p99 | max | answers by status |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, route := range rs.order {
		m := rs.metrics[route]
		m.Close()
		var codes []string
		for c, n := range rs.codes[route] {
			codes = append(codes, fmt.Sprintf("%d: %d", c, n))
		}
		slices.Sort(codes)
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %s |\n", route, m.Requests, m.Throughput, round(m.Latencies.P50), round(m.Latencies.P99),
			round(m.Latencies.Max), strings.Join(codes, ", "))
	}
	for _, route := range rs.order {
		if e := rs.errs[route]; e != "" {
			fmt.Fprintf(w, "\nfirst error on %s: %s", route, e)
		}
	}
	fmt.Fprintln(w)
}

// requests returns how many requests of route were answered or failed.
func (rs *routeStats) requests(route string) int {
	if m := rs.metrics[route]; m != nil {
		return int(m.Requests)
	}
	return 0
}

// total returns how many requests were made in all.
func (rs *routeStats) total() int {
	n := 0
	for route := range rs.metrics {
		n += rs.requests(route)
	}
	return n
}
