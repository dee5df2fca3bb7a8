package extract

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestArticle_ReadsMetadataInOrderOfTrust(t *testing.T) {
	tests := []struct {
		file, pageURL string
		want          ArticleMeta
	}{
		{
			file: "jsonld_only.html", pageURL: "https://harbourgazette.example/news/2025/fire-warehouse-7?utm_source=nl",
			want: ArticleMeta{
				Title: "Port authority confirms fire began in warehouse 7", Outlet: "Harbour Gazette",
				Authors:       []string{"Mira Okafor", "Jonas Lind"},
				Published:     time.Date(2025, 11, 18, 6, 30, 0, 0, time.UTC),
				Canonical:     "https://harbourgazette.example/news/2025/fire-warehouse-7",
				Description:   "Investigators traced the blaze to an electrical fault.",
				PublisherType: "NewsMediaOrganization",
			},
		},
		{
			// og:url is relative; the Facebook profile link is no byline.
			file: "og_only.html", pageURL: "https://coastline.example/a?id=1",
			want: ArticleMeta{
				Title: "Council votes to close pier after fire", Outlet: "Coastline Daily",
				Authors: []string{"Sam Reyes"}, Published: time.Date(2025, 11, 19, 16, 5, 0, 0, time.UTC),
				Canonical: "https://coastline.example/2025/11/19/pier-closed", Description: "The pier stays shut until engineers report.",
			},
		},
		{
			// JSON-LD wins over OpenGraph and meta tags; rel=canonical wins
			// over og:url and JSON-LD's url.
			file: "disagree.html", pageURL: "https://theledger.example/p/123",
			want: ArticleMeta{
				Title: "Minister denies report on tender & contracts", Outlet: "The Ledger",
				Authors: []string{"Priya Natarajan"}, Published: time.Date(2025, 10, 2, 9, 15, 0, 0, time.UTC),
				Canonical:   "https://theledger.example/politics/minister-denies-report?ref=canon",
				Description: "JSON-LD description", PublisherType: "Organization",
			},
		},
		{
			// Yoast's @graph names publisher and author by @id.
			file: "graph.html", pageURL: "https://www.civic.example/audit-harbour-contracts/",
			want: ArticleMeta{
				Title: "Ministry publishes audit of harbour contracts", Outlet: "Civic Watch",
				Authors: []string{"Lena Kovač"}, Published: time.Date(2025, 9, 30, 8, 0, 0, 0, time.UTC),
				Canonical: "https://www.civic.example/audit-harbour-contracts/", PublisherType: "Organization",
			},
		},
		{
			// Broken JSON-LD is skipped: OpenGraph, meta and citation_* fill in.
			file: "broken_jsonld.html", pageURL: "https://metro.example/rail-strike?x=1",
			want: ArticleMeta{
				Title: "Rail strike called off at the last minute", Outlet: "Metro Wire",
				Authors: []string{"Ana Duarte"}, Published: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
				Canonical: "https://metro.example/rail-strike",
			},
		},
		{file: "nothing.html", pageURL: "https://blank.example/", want: ArticleMeta{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := Article(fixture(t, filepath.Join("article", tt.file)), tt.pageURL)
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("Published = %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Article(%s) =\n%#v\nwant\n%#v", tt.file, got, tt.want)
			}
		})
	}
}

func TestArticle_TitleFallsBackToTitleTagWithoutOutletSuffix(t *testing.T) {
	body := `<html><head><title>Dam memo was edited | Courier</title><meta property="og:site_name" content="Courier"></head></html>`
	if got := Article([]byte(body), "https://courier.example/").Title; got != "Dam memo was edited" {
		t.Errorf("Title = %q, want the <title> without \" | Courier\"", got)
	}
}

func TestArticle_AuthorJoinsBylines(t *testing.T) {
	m := Article(fixture(t, "article/jsonld_only.html"), "https://harbourgazette.example/")
	if got := m.Author(); got != "Mira Okafor, Jonas Lind" {
		t.Errorf("Author() = %q", got)
	}
}

func TestArticle_ShapesOfJSONLD(t *testing.T) {
	tests := []struct {
		name, ld   string
		wantTitle  string
		wantAuthor string
		wantOutlet string
	}{
		{"string author, string publisher", `{"@type":"NewsArticle","headline":"H","author":"A. Writer","publisher":"Pub"}`, "H", "A. Writer", "Pub"},
		{"schema.org IRI as type", `{"@type":"http://schema.org/BlogPosting","headline":"Blog","author":{"name":"B"}}`, "Blog", "B", ""},
		{"array of roots, article second", `[{"@type":"WebSite","name":"Site"},{"@type":"OpinionNewsArticle","headline":"Op","author":[{"name":"C"},"D",{"name":"C"}]}]`, "Op", "C, D", ""},
		{"mainEntity of a WebPage", `{"@type":"WebPage","mainEntity":{"@type":"Article","name":"Named","publisher":[{"name":"P1"},{"name":"P2"}]}}`, "Named", "", "P1"},
		{"no article type", `{"@type":"Organization","name":"Not an article"}`, "", "", ""},
		{"headline as array", `{"@type":"NewsArticle","headline":["First", "Second"]}`, "First", "", ""},
		{"numbers where text belongs", `{"@type":"NewsArticle","headline":5,"author":{"name":6},"publisher":{"name":[]}}`, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `<html><head><script type="application/ld+json; charset=utf-8">` + tt.ld + `</script></head></html>`
			m := Article([]byte(body), "https://x.example/")
			if m.Title != tt.wantTitle || m.Author() != tt.wantAuthor || m.Outlet != tt.wantOutlet {
				t.Errorf("got title %q author %q outlet %q; want %q %q %q", m.Title, m.Author(), m.Outlet, tt.wantTitle, tt.wantAuthor, tt.wantOutlet)
			}
		})
	}
}

func TestArticle_DatesInTheFormsPagesUse(t *testing.T) {
	want := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, d := range []string{"2025-03-04", "2025/03/04", "2025-03-04T00:00:00Z", "2025-03-04T01:00:00+0100", "2025-03-04T00:00:00.000Z", "March 4, 2025"} {
		body := fmt.Sprintf(`<meta property="article:published_time" content="%s">`, d)
		if got := Article([]byte(body), "").Published; !got.Equal(want) {
			t.Errorf("date %q read as %v, want %v", d, got, want)
		}
	}
	if got := Article([]byte(`<meta property="article:published_time" content="last Tuesday">`), "").Published; !got.IsZero() {
		t.Errorf("unreadable date gave %v, want zero", got)
	}
}

func TestArticle_CanonicalMustBeHTTP(t *testing.T) {
	body := `<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="ftp://x.example/f">`
	if got := Article([]byte(body), "https://x.example/a").Canonical; got != "" {
		t.Errorf("Canonical = %q, want none", got)
	}
}

func TestArticle_HostileInputFinishesBounded(t *testing.T) {
	nestedLD := strings.Repeat(`{"mainEntity":`, 5000) + `{"@type":"NewsArticle","headline":"deep"}` + strings.Repeat("}", 5000)
	tests := map[string]string{
		"deep tags":         strings.Repeat("<div>", 200_000),
		"deep tables":       strings.Repeat("<table><tr><td>", 50_000),
		"many meta tags":    strings.Repeat(`<meta name="author" content="x">`, 100_000),
		"deep JSON-LD":      `<script type="application/ld+json">` + nestedLD + `</script>`,
		"huge JSON-LD":      `<script type="application/ld+json">{"@type":"NewsArticle","headline":"` + strings.Repeat("a", 2<<20) + `"}</script>`,
		"many scripts":      strings.Repeat(`<script type="application/ld+json">{"@type":"NewsArticle","author":"`+strings.Repeat("n", 100)+`"}</script>`, 5000),
		"invalid utf-8":     "<title>\xff\xfe\xfd</title><meta property=\"og:title\" content=\"\xc3\x28\">",
		"unterminated tags": `<meta property="og:title" content="never closed`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			m := Article([]byte(body), "https://x.example/")
			if len(m.Title) > maxMetaField || len(m.Authors) > maxAuthors {
				t.Errorf("unbounded result: title %d bytes, %d authors", len(m.Title), len(m.Authors))
			}
		})
	}
}

func FuzzArticle(f *testing.F) {
	for _, name := range []string{"jsonld_only.html", "og_only.html", "disagree.html", "graph.html", "broken_jsonld.html", "nothing.html"} {
		f.Add(fixture(f, filepath.Join("article", name)))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m := Article(body, "https://fuzz.example/a")
		if m.Canonical != "" && !strings.HasPrefix(m.Canonical, "http") {
			t.Errorf("Canonical %q is not http(s)", m.Canonical)
		}
	})
}

func BenchmarkArticleJSONLD(b *testing.B) {
	body := fixture(b, "article/graph.html")
	for b.Loop() {
		Article(body, "https://www.civic.example/")
	}
}
