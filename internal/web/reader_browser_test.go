package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
	"github.com/claimtrack/claimtrack/internal/mailview"
	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// envRenewDocs set to 1 makes the reader's browser test write the README's
// picture of the demo story (docs/story-page.png).
const envRenewDocs = "CLAIMTRACK_RENEW_DOCS"

// readerSite is the demo story served as readers get it, with alerts mailed
// through a real SMTP server on loopback, and the claims a reader meets in
// each state: open, resolved, corrected, and sources checked by the real
// re-checker (online, changed, gone with our copy).
type readerSite struct {
	ts       *httptest.Server
	svc      *claims.Service
	smtp     *mailtest.Server
	worker   *alerts.Worker
	open     claims.ClaimSummary // still open, with checked sources
	resolved claims.ClaimSummary // resolved by an editor in this test
	fixed    claims.ClaimSummary // its verdict corrected in this test
	follower string              // follows resolved
}

const (
	readerOrg        = "Harbour Gazette"
	resolvedNote     = "The organisers' own count, published on Nov 24, shows 1,612 signatures, and two outlets report the same figure."
	correctionNote   = "Meta's filing of Dec 2 gives 8,100 jobs, 10.2% of its staff: the 10% share now holds too."
	demoEditor       = "Dana Reyes"
	readerFollowMail = "reader@example.org"
)

func newReaderSite(t *testing.T) *readerSite {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	vocab := claims.DefaultVocabulary()
	r := &readerSite{svc: claims.NewService(db, vocab, nil), smtp: mailtest.NewServer(t), follower: readerFollowMail}
	if _, err := demo.Load(ctx, db, vocab); err != nil {
		t.Fatal(err)
	}
	asvc := alerts.NewService(db, r.svc, 0)
	var h http.Handler
	r.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { h.ServeHTTP(w, req) }))
	t.Cleanup(r.ts.Close)
	dials := &loopbackDials{t: t}
	mailer, err := mail.NewSMTP(r.smtp.URL(), "Harbour Gazette <claimtrack@127.0.0.1>", mail.Options{
		BaseURL: r.ts.URL, Timeout: 10 * time.Second, DialHook: dials.hook})
	if err != nil {
		t.Fatal(err)
	}
	h = newWithMail(t, db, mailer, nil, Options{Service: r.svc, Alerts: asvc, BaseURL: r.ts.URL, Organization: readerOrg,
		Logger: slog.New(slog.DiscardHandler)}).Handler()
	views, err := mailview.New()
	if err != nil {
		t.Fatal(err)
	}
	r.worker = asvc.NewWorker(alerts.WorkerOptions{Sender: mailer, Views: views, BaseURL: r.ts.URL, Organization: readerOrg,
		Tuning: outbox.Tuning{Owner: "reader-test"}, Logger: slog.New(slog.DiscardHandler)})
	return r
}

// claim finds a claim of the demo story by the start of its text.
func (r *readerSite) claim(t *testing.T, prefix string) claims.ClaimSummary {
	t.Helper()
	st := must(r.svc.StoryBySlug(context.Background(), demo.Slug))(t)
	d := must(r.svc.StoryDetail(context.Background(), st.ID))(t)
	for _, c := range d.Claims {
		if strings.HasPrefix(c.Text, prefix) {
			return c
		}
	}
	t.Fatalf("the demo story has no claim %q", prefix)
	return claims.ClaimSummary{}
}

// evolve moves the demo story on as a newsroom would: a follower's claim
// is resolved, a verdict is corrected, and an open claim's sources are
// checked by the real re-checker (one stays online, one changes, one goes
// with our copy kept).
func (r *readerSite) evolve(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	ed := claims.Actor{UserID: 0, Name: demoEditor}
	r.open = r.claim(t, "Software on Meta employees'")
	r.resolved = r.claim(t, "The same petition passed 1,500")
	r.fixed = r.claim(t, "Meta was laying off")

	alertsSubscribe(t, r, r.resolved.ID)

	setStatus := func(c claims.ClaimSummary, status, note string) {
		cur := must(r.svc.ClaimDetail(ctx, c.ID, false))(t)
		must(r.svc.UpdateClaim(ctx, ed, c.ID, claims.ClaimPatch{Status: &status, Note: note, Version: cur.Claim.Version}))(t)
	}
	setStatus(r.resolved, "confirmed", resolvedNote)
	setStatus(r.fixed, "confirmed", correctionNote)

	online := newSourcePage(t, articleHTML("Staff said the tool logged keystrokes and clicks.", "Meta declined to comment."))
	changing := newSourcePage(t, articleHTML("The program ran on all work laptops.", "It started in March."))
	going := newSourcePage(t, articleHTML("An internal memo described the logging tool.", "It named the data it kept."))
	link := func(p *sourcePage, outlet, title string, stance claims.Stance) int64 {
		ls := must(r.svc.LinkSource(ctx, ed, r.open.ID, claims.NewSourceLink{URL: p.srv.URL + "/article", Outlet: outlet,
			OutletKind: "independent", Title: title, Stance: string(stance)}))(t)
		return ls.ID
	}
	ids := []int64{
		link(online, "Harbour Tech Desk", "Staff describe the logging tool", claims.StanceSupports),
		link(changing, "Valley Business Daily", "Inside the program on work laptops", claims.StanceSupports),
		link(going, "Metro Ledger", "Memo names what the tool kept", claims.StanceContext),
	}
	chk := newTestChecker(t, r.svc, true)
	for _, id := range ids {
		must(chk.CheckOne(ctx, id))(t)
	}
	changing.set(articleHTML("The program ran on some work laptops.", "It started in March."), http.StatusOK)
	going.set("gone", http.StatusGone)
	for _, id := range ids[1:] {
		must(chk.CheckOne(ctx, id))(t)
	}
	for i, want := range []claims.SourceState{claims.SourceLive, claims.SourceChanged, claims.SourceGone} {
		if src := must(r.svc.Source(ctx, ids[i]))(t); src.State != want {
			t.Fatalf("source %d: state %s, want %s", i, src.State, want)
		}
	}
}

// alertsSubscribe follows a claim by email and confirms, as a reader does
// with the form and the mail's link.
func alertsSubscribe(t *testing.T, r *readerSite, claimID int64) {
	t.Helper()
	res, err := http.PostForm(r.ts.URL+"/subscriptions", map[string][]string{"email": {r.follower}, "claim_id": {fmt.Sprint(claimID)}})
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	text := must(r.smtp.WaitFor(t, 1)[0].Text())(t)
	link := regexp.MustCompile(regexp.QuoteMeta(r.ts.URL) + `/subscriptions/confirm/[A-Za-z0-9_-]+`).FindString(text)
	if link == "" {
		t.Fatalf("no confirmation link in:\n%s", text)
	}
	res, err = http.PostForm(link, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
}

// internalNames are the machinery's words that must never reach a reader:
// every source state and event kind as the domain names them.
func internalNames() (words []string, labels []string) {
	for _, s := range claims.SourceStates {
		if plainStateWords[string(s)] {
			labels = append(labels, string(s))
			continue
		}
		words = append(words, string(s))
	}
	for _, k := range claims.EventKinds() {
		words = append(words, string(k))
	}
	return append(words, "checks paused", "not checked", "access blocked"), labels
}

// plainStateWords are states named by everyday words ("changed on Dec 3"):
// they may appear in a sentence, never alone as a label.
var plainStateWords = map[string]bool{"live": true, "changed": true, "moved": true, "gone": true}

// noInternalNames fails when the page open in the tab shows a reader any of
// the machinery's names.
func noInternalNames(b tab, page string) {
	b.t.Helper()
	words, labels := internalNames()
	text := strings.ToLower(eval[string](b, `document.body.innerText`))
	for _, w := range words {
		if regexp.MustCompile(`(^|[^a-z_])` + regexp.QuoteMeta(w) + `($|[^a-z_])`).MatchString(text) {
			b.t.Errorf("%s shows the internal name %q", page, w)
		}
	}
	js, _ := json.Marshal(labels)
	bare := eval[[]string](b, `[...document.querySelectorAll("body *")].filter(e => e.children.length === 0 &&
		`+string(js)+`.includes(e.innerText.trim().toLowerCase())).map(e => e.outerHTML)`)
	if len(bare) > 0 {
		b.t.Errorf("%s labels a source with a bare state name: %v", page, bare)
	}
}

// metaContent reads a <meta> tag's content by its property or name.
func metaContent(b tab, key string) string {
	b.t.Helper()
	return eval[string](b, `(document.querySelector('meta[property="`+key+`"], meta[name="`+key+`"]') || {content: ""}).content`)
}

// shareTags checks the Open Graph and card tags of the page open in the tab.
func shareTags(b tab, page, wantPath, descPrefix string) {
	b.t.Helper()
	for _, key := range []string{"og:title", "og:description", "og:url", "og:type", "og:site_name", "twitter:card", "twitter:title", "twitter:description"} {
		if metaContent(b, key) == "" {
			b.t.Errorf("%s: no %s tag", page, key)
		}
	}
	if got := metaContent(b, "og:url"); got != b.base+wantPath {
		b.t.Errorf("%s: og:url %q, want the canonical %q", page, got, b.base+wantPath)
	}
	if got := metaContent(b, "og:description"); !strings.HasPrefix(got, descPrefix) {
		b.t.Errorf("%s: og:description %q, want it to start with %q", page, got, descPrefix)
	}
	if got := metaContent(b, "og:site_name"); got != readerOrg {
		b.t.Errorf("%s: og:site_name %q", page, got)
	}
}

// before reports whether the first element matching a comes before the
// first matching b in the document; false when either is missing.
func before(b tab, a, c string) bool {
	b.t.Helper()
	return eval[bool](b, `(() => { const x = document.querySelector(`+jsString(a)+`), y = document.querySelector(`+jsString(c)+`);
		return !!x && !!y && !!(x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING); })()`)
}

// shoot takes a whole-page screenshot at both widths.
func shoot(b tab, name string) {
	b.t.Helper()
	for _, w := range []int64{1280, 390} {
		b.do(chromedp.EmulateViewport(w, 900))
		// Nothing may push the page sideways on a phone.
		if over := eval[string](b, `document.documentElement.scrollWidth + " " + document.documentElement.clientWidth`); strings.Fields(over)[0] != strings.Fields(over)[1] {
			b.t.Errorf("%s at %d px is wider than the screen (scroll and client width %s)", name, w, over)
		}
		b.screenshot(fmt.Sprintf("%s-%d.png", name, w))
	}
	b.do(chromedp.EmulateViewport(1280, 900))
}

// TestBrowser_ReaderGetsTheVerdictFirstInPlainWords reads the demo story as
// a reader would once the newsroom moves it on: resolved and corrected
// claims lead with their verdict, open claims say what would settle them,
// sources are described in a reader's words, pages carry their sharing
// tags, the alert mail leads with the verdict, and feeds read as pages.
func TestBrowser_ReaderGetsTheVerdictFirstInPlainWords(t *testing.T) {
	browser := startBrowser(t)
	r := newReaderSite(t)
	b := tab{t: t, ctx: browser, base: r.ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))
	story := site.StoryURL(demo.Slug)

	// The demo story as it loads: the README's picture.
	b.open(story)
	if os.Getenv(envRenewDocs) == "1" {
		b.do(chromedp.EmulateViewport(1100, 1400))
		png := must(chromedp.Run(b.ctx, chromedp.CaptureScreenshot()))(t)
		b.do(chromedp.EmulateViewport(1280, 900))
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "story-page.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	r.evolve(t)

	for _, p := range []string{"/", "/lookup?url=" + url.QueryEscape("https://www.ndtv.com/world-news/leaked-meta-audio-zuckerberg-ai-learning-from-employees")} {
		b.open(p)
		noInternalNames(b, p)
	}
	// The story page.
	b.open(story)
	noInternalNames(b, "story page")
	shareTags(b, "story page", story, "Unresolved: ")
	if !eval[bool](b, `!!document.querySelector(".follow-block #follow") && !!document.querySelector('.follow-block a[href$="/feed.atom"]')`) {
		t.Error("the story page has no Follow block offering email and the Atom feed")
	}
	if got := eval[string](b, `document.querySelector(".statusline").innerText`); !strings.Contains(got, "updated") {
		t.Errorf("the status line %q does not say when the story was last updated", got)
	}
	// The open card counts every linked source by stance, and its latest
	// line is news (the source that changed), not a link.
	card := eval[string](b, `[...document.querySelectorAll("#unresolved .card")].find(c => c.innerText.includes("keystrokes")).innerText`)
	if !strings.Contains(card, "sources: ") || !strings.Contains(card, "context") {
		t.Errorf("the open card does not count its sources by stance:\n%s", card)
	}
	if strings.Contains(card, "Source linked") {
		t.Errorf("the open card's latest line is a link event:\n%s", card)
	}
	// The resolved list leads each verdict with its badge and note.
	resolved := eval[string](b, `document.querySelector(".resolved").innerText`)
	for _, want := range []string{resolvedNote, "Settled by " + demoEditor, "Updated ", "was Partly confirmed, now Confirmed"} {
		if !strings.Contains(resolved, want) {
			t.Errorf("the resolved section lacks %q:\n%s", want, resolved)
		}
	}
	// Sources in a reader's words, with our copy and the diff a click away.
	sources := eval[string](b, `document.querySelector("#sources").innerText`)
	for _, want := range []string{"online, checked just now", "changed on ", "see what changed", "no longer online:", "our copy from "} {
		if !strings.Contains(sources, want) {
			t.Errorf("the sources list lacks %q:\n%s", want, sources)
		}
	}
	// A context answer's citation leads to the sources list.
	if !eval[bool](b, `[...document.querySelectorAll(".context a.cite")].some(a => a.textContent === "NDTV" && document.querySelector(a.getAttribute("href")))`) {
		t.Error("the context answers do not link their citations to the sources list")
	}
	shoot(b, "reader-story")

	// What changed, and our copy of the page that went.
	b.do(chromedp.Click(chromedp.CSS(`#sources a[href$="/changes"]`)))
	b.waitURL("/changes")
	noInternalNames(b, "changes page")
	if got := eval[string](b, `document.querySelector("main").innerText`); !strings.Contains(got, "some work laptops") || !strings.Contains(got, "all work laptops") {
		t.Errorf("the changes page does not show what changed:\n%s", got)
	}
	b.open(story)
	b.do(chromedp.Click(chromedp.CSS(`#sources a[href$="/copy"]`)))
	b.waitURL("/copy")
	noInternalNames(b, "copy page")
	if got := eval[string](b, `document.querySelector("main").innerText`); !strings.Contains(got, "Our copy of a page that is no longer online") || !strings.Contains(got, "It named the data it kept.") {
		t.Errorf("the copy page is not the labelled last copy:\n%s", got)
	}
	shoot(b, "reader-copy")

	// An open claim says what would settle it.
	b.open(site.ClaimURL(r.open.ID))
	noInternalNames(b, "open claim")
	shareTags(b, "open claim", site.ClaimURL(r.open.ID), "Unresolved: ")
	if !eval[bool](b, `!!document.querySelector(".claim-head .settle") && !document.querySelector(".verdict")`) {
		t.Error("the open claim does not show what would settle it, or shows a verdict")
	}
	rows := eval[string](b, `document.querySelector(".timeline").innerText`)
	if !strings.Contains(rows, "Source linked: Harbour Tech Desk") || !strings.Contains(rows, "Source text changed: Valley Business Daily") {
		t.Errorf("timeline rows do not name their source:\n%s", rows)
	}
	shoot(b, "reader-claim-open")
}

// TestBrowser_ResolvedClaimsLeadWithTheVerdictAndSoDoAlerts: a resolved
// claim opens with its ruling, a corrected one says so at the top, the
// alert mail leads with the verdict, and a feed reads as a page. (A test of
// its own: one browser's budget does not cover every page on a busy
// machine.)
func TestBrowser_ResolvedClaimsLeadWithTheVerdictAndSoDoAlerts(t *testing.T) {
	browser := startBrowser(t)
	r := newReaderSite(t)
	r.evolve(t)
	b := tab{t: t, ctx: browser, base: r.ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))

	// A resolved claim leads with its verdict: the settling note before the
	// follow form and the evidence; nothing on what would settle it.
	b.open(site.ClaimURL(r.resolved.ID))
	noInternalNames(b, "resolved claim")
	shareTags(b, "resolved claim", site.ClaimURL(r.resolved.ID), "Confirmed: ")
	if got := eval[string](b, `document.querySelector(".verdict .why").innerText`); got != resolvedNote {
		t.Errorf("the verdict's why is %q, want the settling note", got)
	}
	if !before(b, ".verdict .why", "#follow") || !before(b, ".verdict .why", "#evidence-h") {
		t.Error("the settling note does not come before the follow form and the evidence")
	}
	if got := eval[string](b, `document.querySelector(".verdict").innerText`); !strings.Contains(got, "Settled by "+demoEditor) {
		t.Errorf("the verdict does not say who settled it:\n%s", got)
	}
	if eval[bool](b, `document.body.innerText.includes("What would settle it")`) {
		t.Error("a resolved claim still shows what would settle it")
	}
	shoot(b, "reader-claim-resolved")

	// A corrected claim says so at the top, and its ClaimReview carries
	// the correction.
	b.open(site.ClaimURL(r.fixed.ID))
	noInternalNames(b, "corrected claim")
	if !before(b, ".correction-note", "h1") {
		t.Error("the correction is not at the top of the page")
	}
	note := eval[string](b, `document.querySelector(".correction-note").innerText`)
	if !regexp.MustCompile(`^Updated [A-Z][a-z]{2} \d+: was Partly confirmed, now Confirmed\.`).MatchString(note) {
		t.Errorf("correction note %q", note)
	}
	var ld struct {
		Correction struct {
			Type string `json:"@type"`
			Text string `json:"text"`
		} `json:"correction"`
	}
	if err := json.Unmarshal([]byte(eval[string](b, `document.querySelector('script[type="application/ld+json"]').textContent`)), &ld); err != nil {
		t.Fatal(err)
	}
	if ld.Correction.Type != "CorrectionComment" || !strings.Contains(ld.Correction.Text, "Was Partly confirmed, now Confirmed.") {
		t.Errorf("ClaimReview correction = %+v", ld.Correction)
	}
	shoot(b, "reader-claim-corrected")

	// The confirmation mail came in the same branded frame.
	msgs := r.smtp.Messages()
	confirm := must(msgs[0].HTML())(t)
	if !strings.HasPrefix(confirm, "<!doctype html>") || !strings.Contains(confirm, readerOrg) || !strings.Contains(confirm, "Confirm the alerts") {
		t.Errorf("the confirmation mail is not the branded document:\n%s", confirm)
	}

	// The alert mail leads with the verdict; its HTML part, opened in the
	// browser, is the whole branded document.
	r.drain(t)
	msgs = r.smtp.Messages()
	var alert mailtest.Message
	for _, m := range msgs {
		if strings.Contains(m.Header().Get("Subject"), "1,500") && !strings.HasPrefix(m.Header().Get("Subject"), "Confirm:") {
			alert = m
		}
	}
	subject := deliverySubjectOf(t, alert)
	label := claims.DefaultVocabulary().Get("confirmed").Label
	if !strings.HasPrefix(subject, label+": ") {
		t.Errorf("alert subject %q does not start with the status label %q", subject, label)
	}
	html := must(alert.HTML())(t)
	mailSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, html)
	}))
	t.Cleanup(mailSrv.Close)
	mb := tab{t: t, ctx: browser, base: mailSrv.URL}
	mb.open("/")
	for _, want := range []string{readerOrg, label, resolvedNote, "Still unresolved", "Stop these alerts"} {
		if !strings.Contains(eval[string](mb, `document.body.innerText`), want) {
			t.Errorf("the alert as a browser shows it lacks %q", want)
		}
	}
	shoot(mb, "reader-alert-mail")

	// A feed opened in the browser reads as a page.
	b.open("/stories/" + demo.Slug + "/feed.atom")
	if got := eval[string](b, `(document.querySelector("h1") || {innerText: ""}).innerText`); got != demo.Title {
		t.Errorf("the story feed in a browser shows heading %q, want the story's title", got)
	}
	if !eval[bool](b, `document.body.innerText.includes("This is a feed.")`) {
		t.Error("the feed page does not explain what it is")
	}
	shoot(b, "reader-feed")
}

// drain delivers every queued alert.
func (r *readerSite) drain(t *testing.T) {
	t.Helper()
	for range 100 {
		n, err := r.worker.RunOnce(t.Context())
		if err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the alert worker never ran out of rows")
}

// deliverySubjectOf decodes a received mail's subject.
func deliverySubjectOf(t *testing.T, m mailtest.Message) string {
	t.Helper()
	if m.Data == nil {
		t.Fatal("no alert mail arrived")
	}
	r, err := mail.Decode(m.Data)
	if err != nil {
		t.Fatal(err)
	}
	return r.Get("Subject")
}

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

// TestBrowser_ReaderFollowsConfirmsAndEndsBySubscription drives the alerts
// a reader clicks through in headless chromium: the follow form on the
// story page, the link from the confirmation mail (read from a real SMTP
// server), the Confirm button, the manage page's End button, and the
// unsubscribe page of a claim subscription.
func TestBrowser_ReaderFollowsConfirmsAndEndsBySubscription(t *testing.T) {
	browser := startBrowser(t)

	db := storetest.SQLite(t)
	ctx := context.Background()
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := alerts.NewService(db, csvc, 0)
	st := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "pier-fire", Title: "Fire at pier 4",
		Summary: "A warehouse fire closed the harbour overnight.", Published: true}))(t)
	cl := must(csvc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The fire started in the warehouse", Status: "investigating",
		WhatWouldSettle: "The fire service's report"}))(t)

	smtpSrv := mailtest.NewServer(t)
	dials := &loopbackDials{t: t}
	// The links in mail must point at this test server, which exists only
	// once started: the handler is set right after.
	var h http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	mailer, err := mail.NewSMTP(smtpSrv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		BaseURL: ts.URL, Timeout: 10 * time.Second, DialHook: dials.hook})
	if err != nil {
		t.Fatal(err)
	}
	h = newWithMail(t, db, mailer, nil, Options{Service: csvc, Alerts: asvc, BaseURL: ts.URL, Logger: slog.New(slog.DiscardHandler)}).Handler()

	b := tab{t: t, ctx: browser, base: ts.URL}
	b.do(chromedp.EmulateViewport(1280, 900))
	b.open("/stories/pier-fire")
	if !eval[bool](b, `!!document.querySelector("#unresolved ~ .follow-block #follow")`) {
		t.Error("the follow form does not come after the unresolved section")
	}
	b.do(chromedp.ScrollIntoView(chromedp.CSS("#follow")))
	b.fill(map[string]string{"#follow-email": "reader@example.org"})
	b.screenshot("story-follow-form.png")
	b.submit("#follow", "/subscriptions")
	if got := eval[string](b, `document.querySelector("h1").innerText`); got != "Check your mail" {
		t.Fatalf("after following: heading %q", got)
	}

	confirmRE := regexp.MustCompile(regexp.QuoteMeta(ts.URL) + `(/subscriptions/confirm/[A-Za-z0-9_-]+)`)
	text, err := smtpSrv.WaitFor(t, 1)[0].Text()
	if err != nil {
		t.Fatal(err)
	}
	m := confirmRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no confirmation link in the mail:\n%s", text)
	}
	b.open(m[1])
	if !eval[bool](b, `document.body.innerText.includes("Fire at pier 4")`) {
		t.Error("the confirmation page does not name the story")
	}
	// The answer comes at the same address: wait for its heading.
	b.do(chromedp.Click(chromedp.CSS(`form[action^="/subscriptions/confirm/"] button[type="submit"]`)))
	waitHeading(b, "You're subscribed")

	b.do(chromedp.Click(chromedp.CSS(`a[href^="/subscriptions/manage/"]`)))
	b.waitURL("/subscriptions/manage/")
	manage := eval[string](b, `location.pathname`)
	token := strings.TrimPrefix(manage, "/subscriptions/manage/")
	if got := storyStatus(t, asvc, token); got != "active" {
		t.Fatalf("after confirming in the browser: %s, want active", got)
	}
	if !eval[bool](b, `document.querySelector(".follow-active") && document.body.innerText.includes("reader@example.org")`) {
		t.Error("the manage page does not show the active subscription and the address")
	}
	b.screenshot("subscription-manage.png")
	b.submit(`form[action*="/end/"]`, "done=ended")
	if !eval[bool](b, `!!document.querySelector(".follow-ended") && !document.querySelector('form[action*="/end/"]')`) {
		t.Error("after End the manage page does not show the subscription ended")
	}
	if got := storyStatus(t, asvc, token); got != "ended" {
		t.Errorf("after End: %s, want ended", got)
	}

	// A claim subscription, ended from the unsubscribe link every alert
	// carries.
	conf := must(asvc.Subscribe(ctx, alerts.SubscribeRequest{Email: "reader@example.org", ClaimID: cl.ID}))(t)
	if _, _, err := asvc.Confirm(ctx, conf.Token); err != nil {
		t.Fatal(err)
	}
	mb := must(asvc.Manage(ctx, token))(t)
	var unsub string
	for _, f := range mb.Following {
		if f.Target.ClaimID == cl.ID {
			sub := must(db.SubscriberByEmail(ctx, "reader@example.org"))(t)
			unsub = "/unsubscribe/" + storetest.UnsubscribeToken(t, db, sub.ID, f.SubscriptionID)
		}
	}
	b.open(unsub)
	b.do(chromedp.Click(chromedp.CSS(`form[action^="/unsubscribe/"] button[type="submit"]`)))
	waitHeading(b, "You're unsubscribed")
	b.screenshot("unsubscribed.png")
	mb = must(asvc.Manage(ctx, token))(t)
	for _, f := range mb.Following {
		if f.Status != "ended" {
			t.Errorf("%+v still %s after both were ended in the browser", f.Target, f.Status)
		}
	}
}

// waitHeading waits until the tab shows a fully loaded page whose h1 is
// want.
func waitHeading(b tab, want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState + " " + (document.querySelector("h1")?.innerText ?? "")`))
		if err == nil {
			last = s
			if s == "complete "+want {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("waiting for the heading %q: %q", want, last)
}

// storyStatus is the status of the address's story subscription.
func storyStatus(t *testing.T, svc *alerts.Service, manageToken string) string {
	t.Helper()
	mb := must(svc.Manage(context.Background(), manageToken))(t)
	for _, f := range mb.Following {
		if f.Target.ClaimID == 0 {
			return f.Status
		}
	}
	return "none"
}

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
