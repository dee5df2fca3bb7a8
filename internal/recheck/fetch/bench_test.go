package fetch

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGetNotModified measures one conditional Get answered with 304 by a
// local server, with no politeness gap: the per-check cost of an unchanged
// source. Run: go test -run '^$' -bench GetNotModified -benchmem ./internal/recheck/fetch/
func BenchmarkGetNotModified(b *testing.B) {
	srv := startBenchServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("page"))
	}))
	c := New(Options{AllowPrivate: true, PerHostGap: -1})
	defer c.Close()
	cond := Conditional{ETag: `"v1"`, LastModified: "Tue, 03 Mar 2026 10:00:00 GMT"}
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Get(b.Context(), srv, cond)
		if err != nil || !res.NotModified {
			b.Fatalf("Get = %+v, %v; want 304", res, err)
		}
	}
}

// startBenchServer starts h on 127.0.0.1 and returns its URL.
func startBenchServer(b *testing.B, h http.Handler) string {
	b.Helper()
	s := httptest.NewServer(h)
	b.Cleanup(s.Close)
	return s.URL
}
