package reader

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

func TestAPIDocsShow_DescribesOperationsFromTheDocument(t *testing.T) {
	s := pagetest.New(nil)
	s.GET("/api", (&Handler{Chrome: pagetest.Chrome()}).APIDocsShow)
	w := s.Do(t, http.MethodGet, "/api", nil)
	if w.Code != http.StatusOK || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("GET /api = %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "h1"); got == "" {
		t.Error("the page has no title")
	}
	if d.Find(`a[href="/api/openapi.json"]`).Length() == 0 {
		t.Error("the page does not link the document it is made from")
	}
	var ops []string
	d.Find("code").Each(func(_ int, c *goquery.Selection) { ops = append(ops, c.Text()) })
	if !strings.Contains(strings.Join(ops, "\n"), "GET /api/v1/stories/{slug}") {
		t.Error("GET /api/v1/stories/{slug} is not described")
	}
}
