package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark measures
// the server, not a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkStoryPageCached serves the cached story page to an anonymous
// reader, with the access log and metrics off, and on as the binary runs
// (the log batched, here to io.Discard).
func BenchmarkStoryPageCached(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	h := f.srv.Handler()
	for _, log := range []bool{false, true} {
		for _, enc := range []string{"identity", "gzip"} {
			name := enc
			if log {
				name += "/log"
			}
			b.Run(name, func(b *testing.B) {
				f.srv.accessLog = log
				f.srv.log = slog.New(slog.NewTextHandler(io.Discard, nil))
				f.srv.accessLines = newAccessLines(io.Discard, false)
				f.srv.metrics = nil
				if log {
					f.srv.metrics = metrics.New()
				}
				req := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
				req.Header.Set("Accept-Encoding", enc)
				w := &discard{h: http.Header{}}
				h.ServeHTTP(w, req) // fill the cache
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		}
	}
}

// BenchmarkFastPageParallel serves the cached story page from every core at
// once, access log and metrics on, as under load: what the requests share
// (locks, counters, the log's buffer) costs here and not in a single loop.
func BenchmarkFastPageParallel(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	h := f.srv.Handler()
	f.srv.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	f.srv.accessLines = newAccessLines(io.Discard, false)
	f.srv.metrics = metrics.New()
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			fill := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
			h.ServeHTTP(&discard{h: http.Header{}}, fill)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
				req.Header.Set("Accept-Encoding", enc)
				w := &discard{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		})
	}
}
