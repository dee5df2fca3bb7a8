package reader

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// httptestRequest is a request with the given headers.
func httptestRequest(method, target string, header map[string]string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

func TestFeeds_AtomForFeedReadersAStyledPageForBrowsers(t *testing.T) {
	r := newStoryRoom(t)
	cases := []struct {
		target, accept, ctype string
	}{
		{"/feeds/resolved.atom", "application/atom+xml", "application/atom+xml; charset=utf-8"},
		{"/stories/water-bill/feed.atom", "", "application/atom+xml; charset=utf-8"},
		{"/stories/water-bill/feed.atom", "text/html,application/xhtml+xml;q=0.9", "application/xml; charset=utf-8"},
	}
	for _, tc := range cases {
		w := r.Serve(httptestRequest(http.MethodGet, tc.target, map[string]string{"Accept": tc.accept}))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", tc.target, w.Code)
		}
		h := w.Header()
		if h.Get("Content-Type") != tc.ctype || h.Get("Vary") != "Accept" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s (Accept %q): Content-Type %q, Vary %q, nosniff %q", tc.target, tc.accept,
				h.Get("Content-Type"), h.Get("Vary"), h.Get("X-Content-Type-Options"))
		}
		body := w.Body.String()
		if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<?xml-stylesheet type="text/xsl" href="/static/feed.test.xsl"?>`) {
			t.Errorf("the feed does not name its stylesheet after the XML declaration: %.120q", body)
		}
		for _, want := range []string{"<title>Confirmed: The bill passed its first reading</title>",
			`<id>https://example.org/claims/6#event-40</id>`, "&amp;lt;b&amp;gt;The bill"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s lacks %q", tc.target, want)
			}
		}
	}
	if w := r.Do(t, http.MethodGet, "/stories/no-such/feed.atom", nil); w.Code != http.StatusNotFound {
		t.Errorf("an unknown story's feed = %d, want 404", w.Code)
	}
}

func TestSourcePages_ShowChangesAndOurCopyKeptFromSearchEngines(t *testing.T) {
	r := newStoryRoom(t)
	for target, want := range map[string]int{
		"/sources/9/changes": http.StatusOK, "/sources/9/copy": http.StatusOK,
		"/sources/8/changes": http.StatusNotFound, "/sources/8/copy": http.StatusNotFound,
		"/sources/nine/changes": http.StatusBadRequest, "/sources/nine/copy": http.StatusBadRequest,
	} {
		if w := r.Do(t, http.MethodGet, target, nil); w.Code != want {
			t.Errorf("GET %s = %d, want %d", target, w.Code, want)
		}
	}
	w := r.Do(t, http.MethodGet, "/sources/9/changes", nil)
	d := pagetest.Doc(t, w)
	if d.Find(".diff-removed del").Text() != "Prices double." || d.Find(".diff-added ins").Text() != "Prices rise." {
		t.Error("the change's removed and added sentences are not shown")
	}
	if got := w.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control = %q, want no-cache", got)
	}
	for _, target := range []string{"/sources/9/changes", "/sources/9/copy"} {
		if pagetest.Doc(t, r.Do(t, http.MethodGet, target, nil)).Find(`meta[name="robots"][content="noindex"]`).Length() != 1 {
			t.Errorf("%s is open to search engines", target)
		}
	}
	d = pagetest.Doc(t, r.Do(t, http.MethodGet, "/sources/9/copy", nil))
	if d.Find(".copy-banner").Length() != 1 || d.Find(".copy-text p").Length() != 2 {
		t.Error("our copy is not labelled as ours, or its paragraphs are not kept")
	}
}
