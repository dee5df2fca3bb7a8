// Package metrics holds claimtrack's Prometheus metrics and serves them at
// /metrics. The other packages never import Prometheus: the web server and
// the app report to a *Metrics through small methods, and a nil *Metrics
// records nothing.
package metrics

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the set of claimtrack's metrics, in a registry of its own (no
// global state, so tests and several servers in one process stay apart).
type Metrics struct {
	reg          *prometheus.Registry
	httpRequests *prometheus.CounterVec
	httpSeconds  *prometheus.HistogramVec
	checks       *prometheus.CounterVec
	fetchSeconds prometheus.Histogram
	sweepSeconds prometheus.Histogram
	deliveries   *prometheus.CounterVec
	pageRenders  *prometheus.CounterVec
	rerenders    prometheus.Counter
	// httpSeen keeps each request series once looked up, so a request
	// costs two atomic adds instead of hashing its labels twice.
	httpSeen sync.Map // httpKey -> httpSeries
}

// New returns the metrics, with the Go runtime's and the process's.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// promauto registers each metric as it is made: none can be made and
	// left out of the registry.
	f := promauto.With(reg)
	counters := func(name, help string, labels ...string) *prometheus.CounterVec {
		return f.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	}
	histogram := func(name, help string, buckets ...float64) prometheus.Histogram {
		return f.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	}
	return &Metrics{
		reg: reg,
		httpRequests: counters("claimtrack_http_requests_total",
			"HTTP requests answered, by route pattern, method and status code.", "route", "method", "code"),
		httpSeconds: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "claimtrack_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"route", "method"}),
		checks: counters("claimtrack_source_checks_total",
			"Source checks, by outcome: the source state the check led to, or \"error\" when it could not be recorded.",
			"outcome"),
		fetchSeconds: histogram("claimtrack_source_fetch_duration_seconds",
			"Time from a source request's start to the end of its body, for fetches that got a response.",
			0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
		sweepSeconds: histogram("claimtrack_recheck_sweep_duration_seconds",
			"Time a scheduled re-check sweep took.",
			0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900),
		deliveries: counters("claimtrack_deliveries_total",
			"Outbox delivery attempts settled, by outbox (email, webhook) and outcome (sent, retry, failed, cancelled).",
			"kind", "outcome"),
		pageRenders: counters("claimtrack_page_renders_total",
			"Public responses rendered for the page cache (a miss), by page: story, story_claims, index, claimreview, export. Editors' uncached views are not counted.",
			"page"),
		rerenders: f.NewCounter(prometheus.CounterOpts{
			Name: "claimtrack_page_rerenders_total",
			Help: "Renders for the page cache of a page at a revision it already held on this instance, which happens only when the page expired (30 s, or 0.9 s while other instances' writes may go unheard): renders_total minus this is at most one per revision.",
		}),
	}
}

// HTTP records one answered request. route is the route pattern
// ("/claims/:id"), never the path, so that ids do not multiply the series.
func (m *Metrics) HTTP(route, method string, code int, took time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	// The method is the client's to choose: only the ones claimtrack
	// answers become series of their own.
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other"
	}
	k := httpKey{route, method, code}
	v, ok := m.httpSeen.Load(k)
	if !ok {
		v, _ = m.httpSeen.LoadOrStore(k, httpSeries{
			count:   m.httpRequests.WithLabelValues(route, method, strconv.Itoa(code)),
			seconds: m.httpSeconds.WithLabelValues(route, method),
		})
	}
	s := v.(httpSeries)
	s.count.Inc()
	s.seconds.Observe(took.Seconds())
}

// httpKey names one request series: the route pattern and the method
// (both bounded by the routes) and the status code.
type httpKey struct {
	route, method string
	code          int
}

type httpSeries struct {
	count   prometheus.Counter
	seconds prometheus.Observer
}

// Check records one source check: its outcome and, when a response came,
// how long the fetch took.
func (m *Metrics) Check(outcome string, fetch time.Duration) {
	if m == nil {
		return
	}
	m.checks.WithLabelValues(outcome).Inc()
	if fetch > 0 {
		m.fetchSeconds.Observe(fetch.Seconds())
	}
}

// Sweep records how long one scheduled sweep took.
func (m *Metrics) Sweep(took time.Duration) {
	if m == nil {
		return
	}
	m.sweepSeconds.Observe(took.Seconds())
}

// Delivery records n outbox rows of kind ("email", "webhook") settled with
// outcome ("sent", "retry", "failed", "cancelled").
func (m *Metrics) Delivery(kind, outcome string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.deliveries.WithLabelValues(kind, outcome).Add(float64(n))
}

// PageRender records one render of a cached public response of kind page
// ("story", "index", ...): with the cache working, at most one per revision
// of what it shows, per instance.
func (m *Metrics) PageRender(page string) {
	if m == nil {
		return
	}
	m.pageRenders.WithLabelValues(page).Inc()
}

// PageRerender records a render of a cached page at a revision already
// rendered on this instance (the page had expired).
func (m *Metrics) PageRerender() {
	if m == nil {
		return
	}
	m.rerenders.Inc()
}

// OutboxDepth is one outbox's backlog at a moment.
type OutboxDepth struct {
	// Kind names the outbox: "email" or "webhook".
	Kind string
	// Queued counts rows still to deliver (retries included).
	Queued int
	// Oldest is the age of the oldest of them (0 when none).
	Oldest time.Duration
}

// WatchOutboxes makes every scrape report the depth and oldest age of each
// outbox that read returns, read at scrape time (from the database, which
// all instances share, so every instance reports the same backlog).
func (m *Metrics) WatchOutboxes(read func() ([]OutboxDepth, error)) {
	if m == nil {
		return
	}
	m.reg.MustRegister(&outboxCollector{read: read})
}

var (
	outboxDepthDesc = prometheus.NewDesc("claimtrack_outbox_depth",
		"Outbox rows waiting to be delivered (retries included), by outbox.", []string{"kind"}, nil)
	outboxOldestDesc = prometheus.NewDesc("claimtrack_outbox_oldest_seconds",
		"Age of the oldest outbox row waiting to be delivered, by outbox (0 when none waits).", []string{"kind"}, nil)
)

type outboxCollector struct {
	read func() ([]OutboxDepth, error)
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDepthDesc
	ch <- outboxOldestDesc
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	list, err := c.read()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDepthDesc, err)
		return
	}
	for _, d := range list {
		ch <- prometheus.MustNewConstMetric(outboxDepthDesc, prometheus.GaugeValue, float64(d.Queued), d.Kind)
		ch <- prometheus.MustNewConstMetric(outboxOldestDesc, prometheus.GaugeValue, d.Oldest.Seconds(), d.Kind)
	}
}

// Handler serves the metrics in Prometheus's text format. With a token,
// only requests carrying "Authorization: Bearer <token>" get them; others
// get 401.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	if token == "" {
		return h
	}
	want := []byte(token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the bearer token (CLAIMTRACK_METRICS_TOKEN)", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
