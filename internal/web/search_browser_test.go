package web

import (
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestBrowser_ReaderSearchesAndLooksAnArticleUp drives the search page and
// an article lookup in headless chromium at desktop and phone widths, with
// screenshots of both.
func TestBrowser_ReaderSearchesAndLooksAnArticleUp(t *testing.T) {
	browser := startBrowser(t)
	db := storetest.SQLite(t)
	env := newLookupEnv(t, db, true) // the article site and the claims
	client := fetch.New(fetch.Options{AllowPrivate: true, PerHostGap: -1, Timeout: 5 * time.Second, DialHook: env.dials.hook(t)})
	t.Cleanup(client.Close)
	svc := search.New(db, claims.DefaultVocabulary(), 0, nil)
	svc.UseArticles(lookupFetcher{client: client})
	srv := New(Options{Service: env.csvc, Logger: slog.New(slog.DiscardHandler), Search: svc})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b := tab{t: t, ctx: browser, base: ts.URL}

	for _, width := range []int{1280, 390} {
		b.do(chromedp.EmulateViewport(int64(width), 900))
		b.open("/")
		b.do(chromedp.Click(chromedp.CSS(`header.site a[href="/search"]`)))
		b.waitURL("/search")
		b.fill(map[string]string{"#search-q": "cracks dam", "#search-story": "dam"})
		b.submit(`form.search-form`, "/search?q=cracks+dam")
		texts := eval[[]string](b, `[...document.querySelectorAll(".search-results .search-text a")].map(a => a.textContent)`)
		if len(texts) == 0 || texts[0] != env.open.Text {
			t.Fatalf("%d px: results %q, want %q first", width, texts, env.open.Text)
		}
		if got := eval[string](b, `document.querySelector("#search-story").value`); got != "dam" {
			t.Errorf("%d px: the story filter reads %q after searching", width, got)
		}
		assertFits(b, width)
		b.screenshot(fmt.Sprintf("search-%d.png", width))

		b.open("/lookup")
		b.fill(map[string]string{"#lookup-url": env.site.URL + "/dam"})
		b.submit(`form[action="/lookup"]`, "/lookup?url=")
		section := eval[string](b, `document.querySelector(".lookup-article").innerText`)
		for _, want := range []string{"It repeats 1 claim we track", env.open.Text, "Unresolved", "The article: “Engineers found cracks"} {
			if !strings.Contains(section, want) {
				t.Errorf("%d px: the lookup result lacks %q:\n%s", width, want, section)
			}
		}
		assertFits(b, width)
		b.screenshot(fmt.Sprintf("lookup-%d.png", width))
	}
}

// assertFits fails when the page scrolls sideways at width.
func assertFits(b tab, width int) {
	b.t.Helper()
	if w := eval[int](b, `document.documentElement.scrollWidth`); w > width {
		b.t.Errorf("%d px: the page is %d px wide and scrolls sideways", width, w)
	}
}
