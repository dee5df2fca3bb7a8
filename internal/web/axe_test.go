package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// envAxe names axe-core's axe.min.js. .ci/run installs the npm package into a
// cache outside the repository and sets it; the default is that cache.
const envAxe = "CLAIMTRACK_AXE_JS"

// axeTags are the rule sets a page must pass: WCAG 2.0, 2.1 and 2.2, levels A
// and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}

// axeSource reads axe.min.js, skipping the test when it is missing unless
// the browser tests are required (CI), where a missing axe is a failure.
func axeSource(b tab) string {
	b.t.Helper()
	path := os.Getenv(envAxe)
	if path == "" {
		home, _ := os.UserCacheDir()
		path = filepath.Join(home, "claimtrack-axe", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv(envRequireBrowser) == "1" {
			b.t.Fatalf("%s=1 but axe-core is missing (%s): %v", envRequireBrowser, envAxe, err)
		}
		b.t.Skipf("axe-core not found at %s (npm install axe-core there, or set %s)", path, envAxe)
	}
	return string(src)
}

// axeViolation is the part of an axe result a failure message needs.
type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// darkMode switches the tab's prefers-color-scheme; false returns to light.
func darkMode(on bool) chromedp.Action[chromedp.Void] {
	scheme := "light"
	if on {
		scheme = "dark"
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// checkAccessible runs axe-core on the page open in the tab, in light and then
// dark mode, and fails the test with each WCAG 2.2 A/AA violation it finds.
func checkAccessible(b tab, page string) {
	b.t.Helper()
	src := axeSource(b)
	tags, _ := json.Marshal(axeTags)
	for _, dark := range []bool{false, true} {
		mode := "light"
		if dark {
			mode = "dark"
		}
		b.do(darkMode(dark))
		if !eval[bool](b, `typeof axe !== "undefined"`) {
			if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
				b.t.Fatalf("inject axe-core: %v", err)
			}
		}
		out, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
			`axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}, resultTypes: ["violations"]})
				.then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
		if err != nil {
			b.t.Fatalf("axe on %s (%s): %v", page, mode, err)
		}
		var found []axeViolation
		if err := json.Unmarshal([]byte(out), &found); err != nil {
			b.t.Fatalf("axe result on %s: %v", page, err)
		}
		for _, v := range found {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, strings.TrimSpace(n.HTML))
				if len(where) == 3 {
					break
				}
			}
			b.t.Errorf("%s (%s mode): %s — %s (%d elements, e.g. %s)", page, mode, v.ID, v.Help, len(v.Nodes), strings.Join(where, " | "))
		}
	}
	b.do(darkMode(false))
}

// TestBrowser_SignInAndEmptySitePassAxe checks the pages a newcomer meets
// first, before any story exists, against WCAG 2.2 A and AA.
func TestBrowser_SignInAndEmptySitePassAxe(t *testing.T) {
	browser := startBrowser(t)
	db := storetest.SQLite(t)
	srv := New(Options{Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b := tab{t: t, ctx: browser, base: ts.URL}
	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		b.do(chromedp.EmulateViewport(size[0], size[1]))
		for _, p := range []string{"/", "/login", "/lookup", "/no-such-page"} {
			b.open(p)
			checkAccessible(b, fmt.Sprintf("%s at %d px", p, size[0]))
		}
	}
}
