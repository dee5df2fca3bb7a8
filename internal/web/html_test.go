package web

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// parse reads an HTML page for selector assertions, or fails.
func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not HTML: %v", err)
	}
	return doc
}

// textOf is what a reader sees of s: its text with every run of white
// space made one space.
func textOf(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// checkPage checks a page against selectors that must match (has), texts a
// reader must see (says) and texts they must not (hides).
func checkPage(t *testing.T, where string, doc *goquery.Document, has, says, hides []string) {
	t.Helper()
	for _, sel := range has {
		if doc.Find(sel).Length() == 0 {
			t.Errorf("%s: nothing matches %s", where, sel)
		}
	}
	text := textOf(doc.Selection)
	for _, want := range says {
		if !strings.Contains(text, want) {
			t.Errorf("%s: the page does not say %q", where, want)
		}
	}
	for _, bad := range hides {
		if strings.Contains(text, bad) {
			t.Errorf("%s: the page says %q", where, bad)
		}
	}
}
