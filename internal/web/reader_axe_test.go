package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// TestBrowser_ReaderPagesPassAxe checks every page a reader meets against
// WCAG 2.2 A and AA (light and dark): home, story, claims open, resolved
// and corrected, what changed in a source and our copy of one, lookup, the
// subscription pages a follower clicks through, and an error page.
func TestBrowser_ReaderPagesPassAxe(t *testing.T) {
	browser := startBrowser(t)
	r := newReaderSite(t)
	r.evolve(t)
	b := tab{t: t, ctx: browser, base: r.ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))

	story := site.StoryURL(demo.Slug)
	b.open(story)
	changes := eval[string](b, `document.querySelector('#sources a[href$="/changes"]').getAttribute("href")`)
	cp := eval[string](b, `document.querySelector('#sources a[href$="/copy"]').getAttribute("href")`)
	// The confirmation mail the setup's follower got holds the manage link.
	text := must(r.smtp.Messages()[0].Text())(t)
	manage := regexp.MustCompile(regexp.QuoteMeta(r.ts.URL) + `(/subscriptions/manage/[A-Za-z0-9_-]+)`).FindStringSubmatch(text)
	if manage == nil {
		t.Fatalf("no manage link in the confirmation mail:\n%s", text)
	}
	pages := []string{"/", story, site.ClaimURL(r.open.ID), site.ClaimURL(r.resolved.ID), site.ClaimURL(r.fixed.ID), changes, cp,
		"/lookup", "/lookup?url=" + "https%3A%2F%2Fwww.ndtv.com%2Fworld-news%2Fleaked-meta-audio-zuckerberg-ai-learning-from-employees",
		manage[1], "/subscriptions/confirm/not-a-real-token", "/no-such-page"}
	for _, p := range pages {
		b.open(p)
		checkAccessible(b, p+" at 1280 px")
	}
	// The answer to the follow form.
	b.open(site.ClaimURL(r.open.ID))
	b.fill(map[string]string{"#follow-email": "another.reader@example.org"})
	b.submit("#follow", "/subscriptions")
	if got := eval[string](b, `document.querySelector("h1").innerText`); got != "Check your mail" {
		t.Fatalf("after following: %q", got)
	}
	checkAccessible(b, "subscription sent")

	b.do(chromedp.EmulateViewport(390, 844))
	for _, p := range []string{story, site.ClaimURL(r.resolved.ID), site.ClaimURL(r.fixed.ID)} {
		b.open(p)
		checkAccessible(b, p+" at 390 px")
	}
}

// TestStoryPage_DemoIsSmallAndNeedsNoJavaScript: the demo story page stays
// under 50 KB of HTML and runs no script (its only <script> is JSON-LD
// data, and no element carries an event handler).
func TestStoryPage_DemoIsSmallAndNeedsNoJavaScript(t *testing.T) {
	r := newReaderSite(t)
	res, err := http.Get(r.ts.URL + site.StoryURL(demo.Slug))
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("demo story: %d", res.StatusCode)
	}
	if n := len(body); n >= 50*1024 {
		t.Errorf("the demo story page is %d bytes of HTML, want under 50 KB", n)
	}
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
		if !strings.Contains(m, `type="application/ld+json"`) {
			t.Errorf("the story page runs a script: %s", m)
		}
	}
	if m := regexp.MustCompile(`\son[a-z]+=`).FindString(body); m != "" {
		t.Errorf("the story page has an event handler attribute: %q", m)
	}
	t.Logf("demo story page: %d bytes of HTML", len(body))
}
