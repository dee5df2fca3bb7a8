package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// seedManySources links n more sources, checked an hour ago and online,
// to claim c in bulk: a tenth wire reports, the rest independent coverage.
func seedManySources(t testing.TB, db *store.DB, c *claims.Claim, n int) []claims.Source {
	t.Helper()
	ctx := t.Context()
	checked := time.Now().Add(-time.Hour)
	srcs := make([]claims.Source, n)
	for i := range srcs {
		kind := claims.OutletIndependent
		if i%10 == 0 {
			kind = claims.OutletWire
		}
		srcs[i] = claims.Source{URL: fmt.Sprintf("https://many%d.example.org/report/%d", i%50, i), Outlet: fmt.Sprintf("Outlet %02d", i%50),
			OutletKind: kind, Title: fmt.Sprintf("Report number %d on the recording", i), State: claims.SourceLive, LastCheckedAt: &checked}
	}
	if err := db.InsertSources(ctx, srcs); err != nil {
		t.Fatal(err)
	}
	links := make([]store.SourceLink, n)
	for i, s := range srcs {
		links[i] = store.SourceLink{ClaimID: c.ID, SourceID: s.ID, Stance: claims.StanceSupports}
	}
	if err := db.InsertLinks(ctx, links); err != nil {
		t.Fatal(err)
	}
	return srcs
}

// BenchmarkStoryPage20000Sources renders the page of a story whose open
// claim cites 20,000 sources, with the page cache dropped before every
// request, as the first reader after a write.
func BenchmarkStoryPage20000Sources(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	seedManySources(b, f.db, f.open, 20000)
	benchUncachedPage(b, f, "/stories/"+f.story.Slug)
}

// TestClaimPage_ManySourcesListsAPageAndLinksOnThroughEveryOne: a claim
// with 1,234 more sources lists the first 30 in link order, says how many
// there are with their thousands grouped, and links page by page through
// every one of them; the later pages are never kept, and a cursor that is
// not one is a page that does not exist.
func TestClaimPage_ManySourcesListsAPageAndLinksOnThroughEveryOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before := len(must(f.svc.ClaimDetail(t.Context(), f.open.ID, true))(t).Sources)
		seedManySources(t, db, f.open, 1234)
		total := before + 1234
		target := site.ClaimURL(f.open.ID)
		seen := map[string]bool{}
		pages := 0
		for target != "" && pages < 100 {
			res := f.do(t, http.MethodGet, target, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d", target, res.StatusCode)
			}
			if kept := res.Header.Get("ETag") != ""; kept != (pages == 0) {
				t.Errorf("GET %s: kept in the page cache %v, want only the first page kept", target, kept)
			}
			d, err := goquery.NewDocumentFromReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			sec := d.Find("#sources-h").Parent()
			if got, want := strings.TrimSpace(sec.Find("h2").Text()), "Sources ("+view.Count(total)+")"; got != want {
				t.Errorf("heading %q, want %q", got, want)
			}
			items := sec.Find(".source-list > li")
			if pages == 0 && items.Length() != claims.ClaimSourcesPageSize {
				t.Errorf("the first page lists %d sources, want %d", items.Length(), claims.ClaimSourcesPageSize)
			}
			if want := fmt.Sprintf("Showing %d of %s sources", items.Length(), view.Count(total)); !strings.HasPrefix(sec.Find(".source-count").Text(), want) {
				t.Errorf("page %d says %q, want %q", pages+1, sec.Find(".source-count").Text(), want)
			}
			items.Each(func(_ int, li *goquery.Selection) {
				key := li.Find("a").First().AttrOr("href", "") + li.Text()
				if seen[key] {
					t.Errorf("page %d lists a source again: %s", pages+1, strings.Join(strings.Fields(li.Text()), " "))
				}
				seen[key] = true
			})
			pages++
			next, _ := sec.Find(`.pager a[rel="next"]`).Attr("href")
			target, _, _ = strings.Cut(next, "#")
			if pages > 1 && sec.Find(".pager a").First().AttrOr("href", "") != site.ClaimURL(f.open.ID)+"#sources-h" {
				t.Errorf("page %d does not lead back to the first sources", pages)
			}
		}
		if len(seen) != total || pages != (total+claims.ClaimSourcesPageSize-1)/claims.ClaimSourcesPageSize {
			t.Errorf("%d pages list %d distinct sources, want all %d", pages, len(seen), total)
		}
		for _, bad := range []string{"?sources=abc", "?sources=0", "?sources=99999999"} {
			if res := f.do(t, http.MethodGet, site.ClaimURL(f.open.ID)+bad, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", bad, res.StatusCode)
			}
		}
	})
}

// TestAPIClaim_ManySourcesCarriesTheFirstPageAndACursorToEveryOther: the
// API's claim holds the first 30 of a claim's 1,234+ sources, how many
// there are and the cursor of the next page; the sources list pages
// through every other one, in link order, as every list pages.
func TestAPIClaim_ManySourcesCarriesTheFirstPageAndACursorToEveryOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		seedManySources(t, db, f.open, 1234)
		all := must(f.svc.ClaimDetail(t.Context(), f.open.ID, true))(t).Sources
		status, body := f.get(t, fmt.Sprintf("/api/v1/claims/%d", f.open.ID))
		if status != http.StatusOK {
			t.Fatalf("GET the claim = %d", status)
		}
		c := decode[struct {
			Sources      []struct{ ID int64 }
			SourcesTotal int     `json:"sources_total"`
			SourcesNext  *string `json:"sources_next"`
		}](t, body)
		if len(c.Sources) != claims.ClaimSourcesPageSize || c.SourcesTotal != len(all) || c.SourcesNext == nil {
			t.Fatalf("the claim holds %d sources of %d (said %d), next %v; want the first %d and a cursor",
				len(c.Sources), len(all), c.SourcesTotal, c.SourcesNext, claims.ClaimSourcesPageSize)
		}
		got := []int64{}
		for _, s := range c.Sources {
			got = append(got, s.ID)
		}
		next := c.SourcesNext
		for pages := 0; next != nil && pages < 100; pages++ {
			status, body := f.get(t, fmt.Sprintf("/api/v1/claims/%d/sources?limit=%d&before=%s", f.open.ID, claims.MaxPageLimit, *next))
			if status != http.StatusOK {
				t.Fatalf("GET a page of sources = %d: %s", status, body)
			}
			p := decode[struct {
				Items []struct{ ID int64 }
				Next  *string
			}](t, body)
			for _, s := range p.Items {
				got = append(got, s.ID)
			}
			next = p.Next
		}
		want := []int64{}
		for _, s := range all {
			want = append(want, s.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the claim and its pages give %d sources, want all %d in link order", len(got), len(want))
		}
		if status, _ := f.get(t, fmt.Sprintf("/api/v1/claims/%d/sources?before=abc", f.open.ID)); status != http.StatusBadRequest {
			t.Errorf("a malformed cursor = %d, want 400", status)
		}
	})
}

// TestBrowser_ManySourcesReadOnADeskAndAPhone: a claim with 1,234 more
// sources lists a page of them that fits a desk and a phone, light and
// dark, passes axe, and its next link leads to the next sources; the story
// page's sources fold the same way. Screenshots go to artifacts/.
func TestBrowser_ManySourcesReadOnADeskAndAPhone(t *testing.T) {
	browser := startBrowser(t)
	f := newFixture(t, storetest.SQLite(t))
	seedManySources(t, f.db, f.open, 1234)
	ts := httptest.NewServer(f.srv.Handler())
	t.Cleanup(ts.Close)
	b := tab{t: t, ctx: browser, base: ts.URL}
	claimURL := site.ClaimURL(f.open.ID)
	shot := func(name, at string) {
		t.Helper()
		b.do(chromedp.ScrollIntoView(chromedp.CSS(at)))
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveArtifact(t, name, png)
	}
	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		b.do(chromedp.EmulateViewport(size[0], size[1]))
		for _, p := range []struct{ path, at, name string }{
			{claimURL, "#sources-h", "claim-many-sources"},
			{claimURL, "#sources-h ~ .pager", "claim-many-sources-pager"},
			{"/stories/" + f.story.Slug, "#sources .group-more", "story-sources-fold"},
		} {
			b.open(p.path)
			if over := eval[string](b, `document.documentElement.scrollWidth + " " + document.documentElement.clientWidth`); strings.Fields(over)[0] != strings.Fields(over)[1] {
				t.Errorf("%s at %d px is wider than the screen (scroll and client width %s)", p.path, size[0], over)
			}
			for _, dark := range []bool{false, true} {
				mode := "light"
				if dark {
					mode = "dark"
				}
				b.do(darkMode(dark))
				shot(fmt.Sprintf("%s-%d-%s.png", p.name, size[0], mode), p.at)
			}
			b.do(darkMode(false))
			checkAccessible(b, fmt.Sprintf("%s at %d px", p.path, size[0]))
		}
		b.open(claimURL)
		b.do(chromedp.Click(chromedp.CSS(`#sources-h ~ .pager a[rel="next"]`)))
		b.waitURL("?sources=")
		if n := eval[int](b, `document.querySelectorAll("#sources-h ~ .source-list > li").length`); n != claims.ClaimSourcesPageSize {
			t.Errorf("the next page of sources lists %d, want %d", n, claims.ClaimSourcesPageSize)
		}
		if size[0] == 1280 {
			checkAccessible(b, "the second page of sources")
		}
	}
}
