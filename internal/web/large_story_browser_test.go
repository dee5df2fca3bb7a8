package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestBrowser_LargeStoryReadsOnADeskAndAPhone opens a 500-claim story at
// desk and phone widths: what remains unresolved leads, grouped by status,
// a fold opens with a click and no script, nothing is wider than the
// screen, the page (both widths) and its claim list (desk width) pass axe,
// and screenshots of both are saved.
func TestBrowser_LargeStoryReadsOnADeskAndAPhone(t *testing.T) {
	browser := startBrowser(t)
	f := newFixture(t, storetest.SQLite(t))
	importLargeStory(t, f.svc, "large", claims.MaxStoryClaims)
	ts := httptest.NewServer(f.srv.Handler())
	t.Cleanup(ts.Close)
	b := tab{t: t, ctx: browser, base: ts.URL}

	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		b.do(chromedp.EmulateViewport(size[0], size[1]))
		b.open("/stories/large")
		if over := eval[string](b, `document.documentElement.scrollWidth + " " + document.documentElement.clientWidth`); strings.Fields(over)[0] != strings.Fields(over)[1] {
			t.Errorf("the story at %d px is wider than the screen (scroll and client width %s)", size[0], over)
		}
		if !before(b, "#unresolved .status-group", "#resolved-h") {
			t.Errorf("at %d px the unresolved groups do not come first", size[0])
		}
		if eval[bool](b, `document.querySelector("#status-disputed details.fold").open`) {
			t.Error("a fold is open before anyone clicks it")
		}
		first, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveArtifact(t, fmt.Sprintf("story-large-first-screen-%d.png", size[0]), first)
		b.screenshot(fmt.Sprintf("story-large-%d.png", size[0]))
		checkAccessible(b, fmt.Sprintf("large story at %d px", size[0]))

		b.do(chromedp.Click(chromedp.CSS("#status-disputed details.fold > summary")))
		if !eval[bool](b, `document.querySelector("#status-disputed details.fold").open`) {
			t.Error("clicking the fold's summary did not open it")
		}
		b.do(chromedp.ScrollIntoView(chromedp.CSS("#status-disputed details.fold")))
		png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		saveArtifact(t, fmt.Sprintf("story-large-fold-%d.png", size[0]), png)

		b.open("/stories/large/claims?status=disputed&page=2")
		if n := eval[int](b, `document.querySelectorAll(".cards > li").length`); n != 50 {
			t.Errorf("the second page of disputed claims shows %d, want 50", n)
		}
		b.screenshot(fmt.Sprintf("story-claims-%d.png", size[0]))
		if size[0] == 1280 { // axe on a long page is slow; one width keeps the test within its budget
			checkAccessible(b, fmt.Sprintf("claim list at %d px", size[0]))
		}
	}
}
