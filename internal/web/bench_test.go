package web

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark measures
// the server, not a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func BenchmarkStoryPageCached(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	f.srv.accessLog = false
	h := f.srv.Handler()
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
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
