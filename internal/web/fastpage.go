package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
)

// Route patterns of the pages servedCached may answer, as echo names them
// in metrics.
const (
	indexRoute = "/"
	storyRoute = "/stories/:slug"
)

// servedCached answers an anonymous reader's GET or HEAD of a page the page
// cache holds (the index, a story, kept there by the reader room under
// reader.IndexKey and reader.StoryKey) before echo, whose context, router and
// middleware chain these requests, the site's most frequent, do not need.
// The answer is the one echo's route would give: the same headers, 304 on a
// matching ETag, the access log line and the metrics under the route's
// pattern. Every other request, and any that carries a cookie or
// credentials (an editor is never handed the anonymous page here), goes to
// next.
func (s *Server) servedCached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, key, ok := cachedRoute(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		p := s.pages.Get(key)
		if p == nil {
			next.ServeHTTP(w, r)
			return
		}
		s.sendCached(w, r, route, p)
	})
}

// cachedRoute returns the route and page-cache key of a request that
// servedCached may answer: GET or HEAD without cookies or credentials, of
// "/" or "/stories/{slug}" spelled plainly (an escaped path goes to echo,
// which routes it on its raw form).
func cachedRoute(r *http.Request) (route, key string, ok bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", "", false
	}
	if len(r.Header["Cookie"]) > 0 || len(r.Header["Authorization"]) > 0 || r.URL.RawPath != "" {
		return "", "", false
	}
	path := r.URL.Path
	if path == indexRoute {
		return indexRoute, reader.IndexKey, true
	}
	slug, found := strings.CutPrefix(path, "/stories/")
	if !found || slug == "" || strings.IndexByte(slug, '/') >= 0 {
		return "", "", false
	}
	return storyRoute, reader.StoryKey(slug), true
}

// sendCached does for a cached page what around and sendPage do for it
// behind echo.
func (s *Server) sendCached(w http.ResponseWriter, r *http.Request, route string, p *httpx.Asset) {
	start := time.Now()
	h := w.Header()
	id := s.ids.AssignTo(r.Header, h)
	s.flight.put(r, InFlightRequest{Method: r.Method, Path: r.URL.Path, RequestID: id, Since: start})
	defer s.flight.done(r)
	if s.hostCookies {
		h["Strict-Transport-Security"] = hdrHSTS
	}
	httpx.SetHTMLHeaders(h)
	// A failed write is a client gone; echo's path ignores it as well.
	status, size, err := httpx.WriteAsset(w, r, p)
	if f, ok := w.(http.Flusher); ok && err == nil {
		// net/http would send the answer's last bytes (those past its 4 KB
		// buffer, the whole of a 304) only after the bookkeeping below; the
		// client would wait for it, and read the answer in two parts.
		f.Flush()
	}
	took := time.Since(start)
	if s.accessLog {
		s.logRequest(accessEntry{at: start.Add(took), method: r.Method, path: r.URL.Path, status: status,
			took: took, bytes: int64(size), requestID: id})
	}
	s.metrics.HTTP(route, r.Method, status, took)
}
