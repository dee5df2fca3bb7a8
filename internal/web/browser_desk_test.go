package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/webhooks"
)

// The editor's task the desk is judged by, in a real browser: sign in,
// create a story, add three claims, link two sources, add evidence citing a
// linked source, assign the claim, change its status with a note, preview
// the draft and publish it. It counts the pages loaded and, for each form,
// how far the editor must scroll to reach it from where the page opens.

// maxTaskLoads is the goal for the whole task, sign-in included.
const maxTaskLoads = 12

// deskTask drives the task in one tab and keeps its measures.
type deskTask struct {
	tab
	width, height int64
	loads         int
	// Reach is, per form, the scrolling needed to see its first field (px).
	Reach []formReach
}

// formReach is how far one form was from the first screen.
type formReach struct {
	Form   string `json:"form"`
	Scroll int    `json:"scroll_px"`
	Folded bool   `json:"folded"`
}

// loaded waits for the new page an action leads to (the mark set on the
// page before is gone, so a reload of the same address counts) and counts
// it.
func (d *deskTask) loaded(wantURL string) {
	d.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(d.ctx, chromedp.Evaluate[bool](`window.__deskMark !== 1 && document.readyState === "complete" && location.href.includes(`+jsString(wantURL)+`)`))
		if err == nil && ok {
			d.loads++
			d.mark()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	d.waitURL(wantURL) // fails with what the tab shows
	d.t.Fatalf("waiting for %s: no new page was loaded", wantURL)
}

func (d *deskTask) mark() { d.do(chromedp.Evaluate[chromedp.Void](`window.__deskMark = 1`)) }

// reach measures, from the page as it opened, how far the editor scrolls to
// see field (the form's first field), opening the form's fold when it has
// one, as a person would by clicking its summary.
func (d *deskTask) reach(form, field, fold string) {
	d.t.Helper()
	folded := false
	// Measured from where the page opened: clicking scrolls the summary
	// into view first.
	start := eval[float64](d.tab, `scrollY`)
	if fold != "" && !eval[bool](d.tab, `document.querySelector(`+jsString(fold)+`).open`) {
		d.do(chromedp.Click(chromedp.CSS(fold + " > summary")))
		folded = true
	}
	px := eval[float64](d.tab, `Math.max(0, document.querySelector(`+jsString(field)+`).getBoundingClientRect().bottom + scrollY - `+
		fmt.Sprint(start)+` - innerHeight)`)
	d.Reach = append(d.Reach, formReach{Form: form, Scroll: int(px), Folded: folded})
	if px > float64(d.height) {
		d.t.Errorf("at %d×%d the %s form's first field is %.0f px below the first screen: more than one screen of scrolling", d.width, d.height, form, px)
	}
}

// topOf returns the bottom edge of an element as the page opened.
func (d *deskTask) bottomOf(sel string) float64 {
	d.t.Helper()
	return eval[float64](d.tab, `document.querySelector(`+jsString(sel)+`).getBoundingClientRect().bottom`)
}

func (d *deskTask) shot(name string) {
	d.t.Helper()
	d.do(chromedp.Evaluate[chromedp.Void](`scrollTo(0, 0)`))
	d.screenshot(fmt.Sprintf("desk-%s-%d.png", name, d.width))
}

func TestBrowser_EditorTaskEndToEnd_TwelveLoadsAndEveryFormWithinAScreen(t *testing.T) {
	db := storetest.SQLite(t)
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	hooks := webhooks.NewService(db, csvc, webhooks.Options{})
	srv := New(Options{Service: csvc, Auth: asvc, Webhooks: hooks, Logger: slog.New(slog.DiscardHandler)})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	// The demo story gives the dashboard a newsroom's lists to show.
	if _, err := demo.Load(context.Background(), db, claims.DefaultVocabulary()); err != nil {
		t.Fatal(err)
	}
	ed := must(asvc.CreateUser(context.Background(), "dana@newsroom.example", "Dana Reyes", auth.RoleEditor, testPassword))(t)
	admin := must(asvc.CreateUser(context.Background(), "ada@newsroom.example", "Ada Admin", auth.RoleAdmin, testPassword))(t)

	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		// A browser per size: each has the whole browserBudget.
		ctx := startBrowser(t)
		d := &deskTask{tab: tab{t: t, ctx: ctx, base: ts.URL}, width: size[0], height: size[1]}
		if size[0] < 600 {
			d.do(chromedp.EmulateViewport(size[0], size[1], chromedp.EmulateMobile))
		} else {
			d.do(chromedp.EmulateViewport(size[0], size[1]))
		}
		runEditorTask(d, ed, size[0])
		out, _ := json.Marshal(map[string]any{"width": d.width, "height": d.height, "page_loads": d.loads, "forms": d.Reach})
		t.Logf("editor task at %d×%d: %s", d.width, d.height, out)
		saveArtifact(t, fmt.Sprintf("desk-task-%d.json", d.width), out)
		if d.loads > maxTaskLoads {
			t.Errorf("at %d×%d the task took %d page loads, want at most %d", d.width, d.height, d.loads, maxTaskLoads)
		}
	}
	adminPagesPassAxe(tab{t: t, ctx: startBrowser(t), base: ts.URL}, admin)
}

func runEditorTask(d *deskTask, ed *auth.User, width int64) {
	t := d.t
	slug := fmt.Sprintf("harbour-fire-%d", width)

	d.mark()
	d.open("/login")
	d.loaded("/login")
	checkAccessible(d.tab, fmt.Sprintf("login at %d px", width))
	d.reach("sign-in", "#email", "")
	d.fill(map[string]string{"#email": ed.Email, "#password": testPassword})
	d.do(chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)))
	d.loaded("/editor")

	// The dashboard's first screen: the review queue, my claims, New story.
	if width == 1280 {
		for _, sel := range []string{"#queue-h", "#mine-h", ".ed-new > summary"} {
			if b := d.bottomOf(sel); b > float64(d.height) {
				t.Errorf("at 1280×900 the dashboard's %s ends at %.0f px, below the first screen", sel, b)
			}
		}
	}
	d.shot("dashboard")
	checkAccessible(d.tab, fmt.Sprintf("dashboard at %d px", width))

	d.reach("new story", "#ns-title", ".ed-new")
	d.fill(map[string]string{"#ns-title": "Harbour fire", "#ns-slug": slug, "#ns-summary": "A warehouse fire closed the harbour overnight."})
	d.do(chromedp.Click(chromedp.CSS(`#new-story button[type="submit"]`)))
	d.loaded("/editor/stories/" + slug + "?done=story-created")

	// Three claims in one paste; the editor stays on the story.
	d.reach("add claims", "#cl-text", "")
	d.fill(map[string]string{"#cl-text": "The fire started in the warehouse\nSmoke was reported before midnight\nThe harbour reopens on Monday",
		"#cl-status": "investigating"})
	d.do(chromedp.Click(chromedp.CSS(`#claim-form button[type="submit"]`)))
	d.loaded("done=claims-created")
	if n := eval[int](d.tab, `document.querySelectorAll(".ed-claim-list > li").length`); n != 3 {
		t.Fatalf("the story lists %d claims after adding three", n)
	}
	if got := eval[string](d.tab, `document.activeElement.id + "|" + document.querySelector("#cl-text").value`); got != "cl-text|" {
		t.Errorf("after adding, the claim field is not empty and ready (focus|value = %q)", got)
	}
	d.shot("story-editor")
	checkAccessible(d.tab, fmt.Sprintf("story editor at %d px", width))
	d.reach("story", "#st-title", "")

	d.do(chromedp.Click(chromedp.CSS(`.ed-claim-list > li:first-child .ed-claim-main a`)))
	d.loaded("/editor/claims/")
	claimEditor := eval[string](d.tab, `location.pathname`)

	for i, src := range []map[string]string{
		{"#sr-url": "https://wire.example.org/pier-4-fire", "#sr-outlet": "Example Wire", "#sr-title": "Harbour fire began in warehouse", "#sr-kind": "wire"},
		{"#sr-url": "https://gazette.example.org/fire", "#sr-outlet": "Harbour Gazette", "#sr-title": "Night of the fire", "#sr-kind": "independent"},
	} {
		d.reach(fmt.Sprintf("link source %d", i+1), "#sr-url", "#source-fold")
		d.fill(src)
		d.do(chromedp.Click(chromedp.CSS(`#source-form button[type="submit"]`)))
		d.loaded("done=source")
	}

	// Evidence picks a linked source: nothing to retype.
	d.reach("add evidence", "#ef-summary", "#evidence-fold")
	wire := eval[string](d.tab, `[...document.querySelectorAll("#ef-source option")].find(o => o.text.startsWith("Example Wire")).value`)
	d.fill(map[string]string{"#ef-summary": "Fire service report names the warehouse as the origin", "#ef-stance": "supports", "#ef-source": wire})
	d.do(chromedp.Click(chromedp.CSS(`#evidence-form button[type="submit"]`)))
	d.loaded("done=evidence")
	if got := eval[string](d.tab, `document.querySelector(".evidence-list").innerText`); !strings.Contains(got, "From Example Wire") {
		t.Errorf("the evidence does not cite the wire: %q", got)
	}

	d.reach("assign", "#as-who", "")
	d.fill(map[string]string{"#as-who": fmt.Sprint(ed.ID)})
	d.do(chromedp.Click(chromedp.CSS(`#assign-form button[type="submit"]`)))
	d.loaded("done=assigned")

	d.reach("status", "#sf-status", "")
	d.fill(map[string]string{"#sf-status": "confirmed", "#sf-note": "The fire service report and the wire agree on the origin"})
	d.do(chromedp.Click(chromedp.CSS(`#status-form button[type="submit"]`)))
	d.loaded("done=status")
	d.shot("claim-editor")
	checkAccessible(d.tab, fmt.Sprintf("claim editor at %d px", width))
	for _, f := range []struct{ name, field, fold string }{
		{"edit wording", "#tf-text", "#text-fold"}, {"internal note", "#nf-text", "#note-fold"},
		{"watches", "#wt-phrases", "#watches-fold"}, {"withdraw", "#wf-note", "#withdraw-fold"},
	} {
		// Each from the page as it opens: folds shut, at the top.
		d.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("details[open]").forEach(e => e.open = false); scrollTo(0, 0)`))
		d.reach(f.name, f.field, f.fold)
	}

	// The draft, as readers will see it, then published from there.
	d.do(chromedp.Click(chromedp.CSS(`#story-public`)))
	d.loaded("/stories/" + slug)
	if got := eval[string](d.tab, `document.querySelector(".desk-strip").innerText`); !strings.Contains(got, "Draft: readers cannot see this") {
		t.Errorf("the preview has no draft banner: %q", got)
	}
	d.shot("preview")
	d.do(chromedp.Click(chromedp.CSS(`.desk-publish button[type="submit"]`)))
	d.loaded("/stories/" + slug)
	if eval[bool](d.tab, `!!document.querySelector(".draft-banner")`) {
		t.Error("the story still shows the draft banner after publishing")
	}

	// A reader now finds the story, with the claim resolved.
	rctx, cancel := chromedp.NewContext(d.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	r := tab{t: t, ctx: rctx, base: d.base}
	r.open("/stories/" + slug)
	if !eval[bool](r, `(document.querySelector("#resolved-h")?.closest("section")?.innerText ?? "").includes("The fire started in the warehouse")`) {
		t.Error("readers do not see the confirmed claim under Resolved")
	}
	_ = claimEditor
}

// adminPagesPassAxe signs in as an admin and checks the admin pages with
// axe at 1280×900.
func adminPagesPassAxe(a tab, admin *auth.User) {
	a.do(chromedp.EmulateViewport(1280, 900))
	a.open("/login")
	a.fill(map[string]string{"#email": admin.Email, "#password": testPassword})
	a.submit(`form[action="/login"]`, "/editor")
	for _, p := range []string{"/admin/users", "/admin/mail", "/admin/alerts", "/admin/webhooks"} {
		a.open(p)
		if eval[bool](a, `document.title.startsWith("Error") || !!document.querySelector(".error-page")`) {
			continue // not served by this test server's options
		}
		if p == "/admin/users" {
			if got := eval[string](a, `document.querySelector("#new-role").value`); got != "editor" {
				a.t.Errorf("Add a user defaults to role %q, want editor", got)
			}
			x := eval[float64](a, `document.querySelector("main h1").getBoundingClientRect().left - document.querySelector("header.site .brand").getBoundingClientRect().left`)
			if x < -1 || x > 1 {
				a.t.Errorf("the admin page is %.0f px off the header's column", x)
			}
			a.screenshot("desk-admin-users-1280.png")
		}
		checkAccessible(a, p)
	}
}
