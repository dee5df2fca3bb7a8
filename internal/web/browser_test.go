package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// envRequireBrowser set to 1 turns a missing chromium into a failure, so CI
// cannot pass with the browser tests silently skipped.
const envRequireBrowser = "CLAIMTRACK_REQUIRE_BROWSER"

// browserBudget bounds the whole browser scenario, browser start included.
const browserBudget = 2 * time.Minute

// startBrowser starts headless chromium with exactly the flags we vouch for
// (chromedp's defaults add many more) and a fresh profile, and returns a
// context for its first tab. It skips the test when chromium is missing,
// unless envRequireBrowser says it must be there.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv(envRequireBrowser) == "1" {
			t.Fatalf("%s=1 but chromium is missing: %v", envRequireBrowser, err)
		}
		t.Skipf("chromium not installed at %s (set %s=1 to fail instead)", chromiumPath, envRequireBrowser)
	}
	profile, err := os.MkdirTemp("", "claimtrack-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Chromium's helpers may still be writing when it exits: best effort.
	t.Cleanup(func() { _ = os.RemoveAll(profile) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
	// The budget is on the allocator: ending it stops the whole browser.
	budget, cancelBudget := context.WithTimeout(context.Background(), browserBudget)
	alloc, cancelAlloc := chromedp.NewExecAllocator(budget, opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc(); cancelBudget() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// tab drives one browser tab in a test.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func (b tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatal(err)
	}
}

func (b tab) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// eval returns the value of a JavaScript expression.
func eval[T any](b tab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// fill sets form fields by CSS selector.
func (b tab) fill(fields map[string]string) {
	b.t.Helper()
	for sel, v := range fields {
		b.do(chromedp.SetValue(chromedp.CSS(sel), v))
	}
}

// submit clicks the form's submit button, as a person would, and waits
// for the page the form leads to.
func (b tab) submit(form, wantURL string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(form + ` button[type="submit"]`)))
	b.waitURL(wantURL)
}

// waitURL waits until the tab has fully loaded a page whose address
// contains want. Evaluations fail while a navigation swaps documents; those
// are retried.
func (b tab) waitURL(want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + " " + document.readyState`))
		if err == nil {
			last = s
			if strings.Contains(s, want) && strings.HasSuffix(s, " complete") {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
	b.t.Fatalf("waiting for %q: at %q\n%s", want, last, body)
}

// screenshot saves the whole page under artifacts/ at the repository root.
func (b tab) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	saveArtifact(b.t, name, png)
}

// saveArtifact writes under artifacts/ at the repository root (ignored by
// git), which the test finds from its package directory.
func saveArtifact(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := filepath.Join("..", "..", "artifacts")
	if _, err := os.Stat(filepath.Join("..", "..", "go.mod")); errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("cannot find the repository root from %s", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser_EditorResolvesClaimAndReaderSeesIt drives the whole editing
// workflow in headless chromium, then reads the result as a logged-out
// reader, at desktop and phone sizes.
func TestBrowser_EditorResolvesClaimAndReaderSeesIt(t *testing.T) {
	browser := startBrowser(t)

	db := storetest.SQLite(t)
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	// No BaseURL: the test server speaks plain http on 127.0.0.1, so the
	// session cookie must not be Secure-only.
	srv := New(Options{Service: csvc, Auth: asvc, Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	ed := must(asvc.CreateUser(context.Background(), "dana@newsroom.example", "Dana Reyes", auth.RoleEditor, testPassword))(t)

	b := tab{t: t, ctx: browser, base: ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))

	// Sign in.
	b.open("/editor")
	b.waitURL("/login?next=")
	b.fill(map[string]string{"#email": ed.Email, "#password": testPassword})
	b.submit(`form[action="/login"]`, "/editor")

	// A published story with two claims.
	b.do(chromedp.Click(chromedp.CSS(`.ed-new > summary`)))
	b.fill(map[string]string{"#ns-title": "Fire at pier 4", "#ns-summary": "A warehouse fire closed the harbour overnight."})
	b.do(chromedp.Click(chromedp.CSS(`#new-story input[name="published"]`)))
	b.submit("#new-story", "/editor/stories/fire-at-pier-4?done=story-created")
	b.fill(map[string]string{"#cl-text": "Smoke was reported before midnight", "#cl-status": "investigating",
		"#cl-settle": "The fire service's call log"})
	b.submit("#claim-form", "done=claim-created")
	b.open("/editor/stories/fire-at-pier-4")
	claimText := "The fire started in the warehouse"
	b.fill(map[string]string{"#cl-text": claimText, "#cl-status": "investigating"})
	b.submit("#claim-form", "done=claim-created")
	claimEditor := eval[string](b, `document.querySelector(".ed-claim-list > li:last-child .ed-claim-main a").getAttribute("href")`)
	b.open(claimEditor)

	// The other forms are folded until opened.
	unfold := func(fold string) { b.do(chromedp.Click(chromedp.CSS(fold + " > summary"))) }

	// A source and a piece of evidence.
	unfold("#source-fold")
	b.fill(map[string]string{"#sr-url": "https://wire.example.org/pier-4-fire", "#sr-outlet": "Example Wire",
		"#sr-title": "Harbour fire began in warehouse", "#sr-kind": "wire", "#sr-stance": "supports"})
	b.submit("#source-form", "done=source")
	unfold("#evidence-fold")
	b.fill(map[string]string{"#ef-summary": "Fire service report names the warehouse as the origin", "#ef-stance": "supports",
		"#ef-quote": "the fire began in the warehouse"})
	b.submit("#evidence-form", "done=evidence")

	// Watches: a phrase and a number that would propose a status.
	unfold("#watches-fold")
	b.fill(map[string]string{"#wt-phrases": "arson\nfire service confirmed", "#wt-label-1": "firefighters",
		"#wt-pattern-1": `(\d+) firefighters`, "#wt-cmp-1": ">= 50", "#wt-propose-1": "confirmed"})
	b.submit("#watches-form", "done=watches")
	if !eval[bool](b, `document.body.innerText.includes("Watches saved.")`) {
		t.Error("no notice says the watches were saved")
	}
	if got := eval[string](b, `document.querySelector("#wt-phrases").value`); got != "arson\nfire service confirmed" {
		t.Errorf("the phrases field after saving holds %q", got)
	}
	if got := eval[string](b, `document.querySelector("#wt-propose-1").value + " " + document.querySelector("#wt-cmp-1").value`); got != "confirmed >= 50" {
		t.Errorf("the number watch after saving reads %q", got)
	}
	if !eval[bool](b, `!!document.querySelector("#wt-pattern-2")`) {
		t.Error("no blank row to add a second number watch")
	}
	unfold("#watches-fold")
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#watches-form")))
	b.screenshot("editor-watches.png")

	// The status form refuses an empty note before anything is sent.
	b.fill(map[string]string{"#sf-status": "confirmed"})
	if got := eval[string](b, `document.querySelector("#sf-note").value`); got != "" {
		t.Fatalf("the note field starts with %q, want empty", got)
	}
	if eval[bool](b, `document.querySelector("#status-form").checkValidity()`) {
		t.Error("the status form with an empty note passes the browser's validation")
	}
	if !eval[bool](b, `document.querySelector("#sf-note").required`) {
		t.Error("the note field is not required")
	}
	note := "The fire service report and the wire agree on the origin"
	b.fill(map[string]string{"#sf-note": note})
	b.screenshot("editor-status-form.png")
	b.submit("#status-form", "done=status")
	if got := eval[string](b, `document.querySelector(".claim-head .badge").innerText`); !strings.Contains(got, "Confirmed") {
		t.Errorf("claim editor badge after the change = %q, want Confirmed", got)
	}
	b.screenshot("editor-claim.png")
	b.open("/editor")
	b.screenshot("editor-dashboard.png")

	// A logged-out reader: a new browser context, no cookies.
	readerCtx, cancelReader := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelReader()
	r := tab{t: t, ctx: readerCtx, base: ts.URL}
	r.do(chromedp.EmulateViewport(1280, 900))
	r.open("/stories/fire-at-pier-4")
	if eval[bool](r, `document.querySelector("#unresolved").innerText.includes(`+jsString(claimText)+`)`) {
		t.Error("the confirmed claim is still under What remains unresolved")
	}
	if !eval[bool](r, `document.querySelector("#unresolved").innerText.includes("Smoke was reported")`) {
		t.Error("the open claim is missing from What remains unresolved")
	}
	if !eval[bool](r, `(document.querySelector("#resolved-h")?.closest("section")?.innerText ?? "").includes(`+jsString(claimText)+`)`) {
		t.Error("the confirmed claim is not under Resolved")
	}
	assertNoEditingControls(r, "story page")
	r.screenshot("story-desktop.png")

	r.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	r.open("/stories/fire-at-pier-4")
	if top := eval[float64](r, `document.querySelector("#unresolved").getBoundingClientRect().top`); top >= 844 {
		t.Errorf("at 390×844 #unresolved starts at %.0fpx, below the first screen", top)
	}
	png, err := chromedp.Run(r.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveArtifact(t, "story-phone.png", png)

	r.do(chromedp.EmulateViewport(1280, 900))
	r.open(strings.TrimPrefix(claimEditor, "/editor"))
	timeline := eval[string](r, `document.querySelector(".timeline").innerText`)
	for _, want := range []string{note, "Confirmed", "Dana Reyes"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("public claim timeline lacks %q:\n%s", want, timeline)
		}
	}
	assertNoEditingControls(r, "claim page")
	r.screenshot("claim-page.png")
}

// assertNoEditingControls fails when a page offers a reader any way to
// edit: forms posting to the editor, or links to it.
func assertNoEditingControls(b tab, page string) {
	b.t.Helper()
	n := eval[int](b, `document.querySelectorAll('form[action^="/editor"], a[href^="/editor"]').length +
		[...document.querySelectorAll("a, button")].filter(e => /^\s*edit\b/i.test(e.innerText)).length`)
	if n != 0 {
		b.t.Errorf("%s shows %d editing controls to a logged-out reader", page, n)
	}
}

// jsString quotes s as a JavaScript string literal (s is test text with no
// quotes or backslashes).
func jsString(s string) string { return `"` + s + `"` }

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
