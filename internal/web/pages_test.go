package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// scenario is one HTTP exchange and what a reader would check in it: on an
// HTML page, the elements it has (CSS selectors) and what it says and does
// not say; in any body, bytes it contains and lacks.
type scenario struct {
	name     string
	method   string
	url      string
	header   map[string]string
	status   int
	has      []string
	says     []string
	hides    []string
	contains []string
	absent   []string
}

func runScenarios(t *testing.T, f *fixture, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			method := sc.method
			if method == "" {
				method = http.MethodGet
			}
			res := f.do(t, method, sc.url, sc.header)
			body := readAll(t, res.Body)
			if res.StatusCode != sc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", method, sc.url, res.StatusCode, sc.status, body)
			}
			if len(sc.has)+len(sc.says)+len(sc.hides) > 0 {
				checkPage(t, method+" "+sc.url, parse(t, body), sc.has, sc.says, sc.hides)
			}
			for _, want := range sc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("%s %s: body lacks %q", method, sc.url, want)
				}
			}
			for _, bad := range sc.absent {
				if strings.Contains(body, bad) {
					t.Errorf("%s %s: body contains %q", method, sc.url, bad)
				}
			}
		})
	}
}

func TestPublicPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		runScenarios(t, f, []scenario{
			{name: "index lists the published story with its counts", url: "/", status: 200,
				has: []string{`a[href="/stories/leaked-audio"]`}, says: []string{"2 unresolved", "1 resolved"},
				hides: []string{"Draft story not yet out"}},
			{name: "story page leads with the unresolved section", url: "/stories/leaked-audio", status: 200,
				has: []string{"#unresolved", "#resolved-h", `a[rel="nofollow noopener"][href="https://news.example.com/audio"]`,
					"time[datetime]"},
				says: []string{"What remains unresolved", "Resolved", "2 of 3 claims still unresolved",
					"Independent forensic analysis of the recording", "May be out of date",
					"Unverified since Nov 20", "2 sources: 1 supports, 1 disputes", "updated",
					"Wire services (1) · Independent coverage (1)",
					"Both agree", "They split on", "The backlash was real.", "Context"},
				hides:  []string{"A claim entered by mistake", "Source linked", "not yet checked"},
				absent: []string{"utm_source"}},
			{name: "claim page shows evidence, sources and the timeline", url: fmt.Sprintf("/claims/%d", f.open.ID), status: 200,
				has: []string{"ol.timeline li", `a[href="/stories/leaked-audio"]`},
				says: []string{"Claim added as Disputed", "Evidence added", "Source linked",
					"What would settle it", "Disputes", "Example Wire"}},
			{name: "claim page draws a status change from one status to the other", url: fmt.Sprintf("/claims/%d", f.settled.ID), status: 200,
				has:  []string{"ol.timeline .st-confirmed.major"},
				says: []string{"Status changed: Unverified → Confirmed", "Organisers published the count"}},
			{name: "draft story is a 404", url: "/stories/draft-story", status: 404,
				says: []string{"We could not find that page"}, hides: []string{"Draft story not yet out"}},
			{name: "claim of a draft story is a 404", url: fmt.Sprintf("/claims/%d", f.hidden.ID), status: 404,
				hides: []string{"Secret draft claim"}},
			{name: "unknown story is a 404 page", url: "/stories/no-such-story", status: 404,
				has: []string{`title:contains("We could not find that page")`}, says: []string{"Error 404", "request id"}},
			{name: "slug that cannot exist is a 404", url: "/stories/Not_A_Slug", status: 404},
			{name: "unknown claim is a 404", url: "/claims/999999", status: 404},
			{name: "non-numeric claim id is a 400", url: "/claims/abc", status: 400, says: []string{"Error 400"}},
			{name: "unknown page is the HTML 404", url: "/no/such/page", status: 404,
				contains: []string{"<!doctype html>"}, says: []string{"We could not find that page"}},
			{name: "healthz answers without the database", url: "/healthz", status: 200, contains: []string{"ok"}},
			{name: "readyz answers when the database is migrated", url: "/readyz", status: 200},
			{name: "stylesheet is served under its fingerprint", url: f.srv.assets.cssURL, status: 200,
				contains: []string{".st-disputed{--st:", ".badge"}},
			{name: "HEAD on a cached page sends headers only", method: http.MethodHead, url: "/stories/leaked-audio", status: 200,
				absent: []string{"<html"}},
			{name: "unknown asset is a 404", url: "/static/app.css", status: 404},
		})
	})
}

func TestStoryPage_UnresolvedSectionHoldsExactlyTheOpenClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		status, body := f.get(t, "/stories/leaked-audio")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		doc := parse(t, body)
		unresolved := doc.Find("section#unresolved")
		resolved := doc.Find("#resolved-h").Closest("section")
		cardsOf := func(s *goquery.Selection) (texts []string) {
			s.Each(func(_ int, c *goquery.Selection) { texts = append(texts, textOf(c)) })
			return texts
		}
		holds := func(cards []string, text string) bool {
			return slices.ContainsFunc(cards, func(c string) bool { return strings.Contains(c, text) })
		}
		open, settled := cardsOf(unresolved.Find("li.card")), cardsOf(resolved.Find("li.verdict-card"))
		for _, c := range []string{"The recording is authentic", "Software tracked keystrokes and clicks"} {
			if !holds(open, c) {
				t.Errorf("unresolved section lacks open claim %q", c)
			}
			if holds(settled, c) {
				t.Errorf("resolved section lists open claim %q", c)
			}
		}
		if holds(open, "The petition passed 1,000 signatures") {
			t.Error("unresolved section lists the confirmed claim")
		}
		if !holds(settled, "The petition passed 1,000 signatures") || !holds(settled, "Confirmed") {
			t.Error("resolved section lacks the confirmed claim with its verdict")
		}
		if !holds(settled, "Organisers published the count") {
			t.Error("resolved section lacks the note that settled the claim")
		}
		if len(open) != 2 {
			t.Errorf("unresolved section has %d cards, want 2", len(open))
		}
		if doc.Find("section#unresolved ~ section #resolved-h").Length() == 0 {
			t.Error("the unresolved section must come before the resolved one")
		}
	})
}

func TestPages_EscapeHTMLInEveryReaderVisibleText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		pages := []string{"/", "/stories/leaked-audio", fmt.Sprintf("/claims/%d", f.open.ID), fmt.Sprintf("/claims/%d", f.settled.ID),
			"/api/v1/stories", "/api/v1/stories/leaked-audio", fmt.Sprintf("/api/v1/claims/%d", f.open.ID),
			fmt.Sprintf("/api/v1/claims/%d/timeline", f.settled.ID), fmt.Sprintf("/api/v1/sources/%d", f.source.ID)}
		for _, p := range pages {
			status, body := f.get(t, p)
			if status != 200 {
				t.Fatalf("%s: status %d", p, status)
			}
			// The one script element a page may have is a resolved claim's
			// JSON-LD, whose text must hold no markup at all.
			if ld := ldOf(t, body); ld != "" {
				if strings.ContainsAny(ld, "<>") {
					t.Errorf("%s: the JSON-LD holds markup: %s", p, ld)
				}
				body = strings.Replace(body, `<script type="application/ld+json">`+ld+"</script>", "", 1)
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "<b>Editor") {
				t.Errorf("%s: a stored payload appears unescaped", p)
			}
		}
		// What the stored payloads say must reach the reader as text.
		_, story := f.get(t, "/stories/leaked-audio")
		checkPage(t, "the story page", parse(t, story), nil, []string{`<script>alert("title")`, `<script>alert("summary")`,
			`<script>alert("claim")`, `<script>alert("outlet")`, `<script>alert("note")`, `<script>q()`}, nil)
		_, claim := f.get(t, fmt.Sprintf("/claims/%d", f.open.ID))
		checkPage(t, "the claim page", parse(t, claim), nil, []string{`<script>alert("evidence")`}, nil)
	})
}

func TestHTMLResponses_CarrySecurityHeaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, u := range []string{"/", "/stories/leaked-audio", fmt.Sprintf("/claims/%d", f.open.ID), "/stories/nope", "/claims/abc"} {
			res := f.do(t, http.MethodGet, u, nil)
			want := map[string]string{
				"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "strict-origin-when-cross-origin",
				"Content-Type":            "text/html; charset=utf-8",
			}
			for k, v := range want {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s: %s = %q, want %q", u, k, got, v)
				}
			}
		}
	})
}

func TestReadyz_FailsWhenTheDatabaseIsGone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if status, _ := f.get(t, "/readyz"); status != http.StatusServiceUnavailable {
			t.Errorf("readyz = %d with the database closed, want 503", status)
		}
		if status, _ := f.get(t, "/healthz"); status != http.StatusOK {
			t.Errorf("healthz = %d, want 200: liveness does not depend on the database", status)
		}
	})
}

// TestStoryPage_ShowsWhenARealSweepLastCheckedEachSource runs the real
// re-checker against a local page and reads what readers then see.
func TestStoryPage_ShowsWhenARealSweepLastCheckedEachSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><head><title>Council minutes</title></head><body><article><p>The vote was 7 to 2.</p></article></body></html>")
		}))
		t.Cleanup(page.Close)
		ctx := context.Background()
		// Only this claim's source is local; the fixture's other sources
		// name hosts that the dial hook below refuses without a connection.
		c := f.addClaim(t, f.story.ID, "The council voted 7 to 2", "unverified", "")
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: page.URL + "/minutes", Outlet: "Council", OutletKind: "primary", Stance: "supports"}))(t)
		client := fetch.New(fetch.Options{AllowPrivate: true, PerHostGap: -1, Timeout: 5 * time.Second,
			Resolver: func(ctx context.Context, host string) ([]netip.Addr, error) {
				return nil, fmt.Errorf("tests resolve no names (%s)", host)
			},
			DialHook: func(network, addr string) error {
				if ap, err := netip.ParseAddrPort(addr); err != nil || !ap.Addr().IsLoopback() {
					return fmt.Errorf("test dial to %s refused", addr)
				}
				return nil
			}})
		t.Cleanup(client.Close)
		chk := recheck.New(f.svc, client, recheck.Options{Rand: func() float64 { return 0.5 }})
		if _, err := chk.Sweep(ctx, nil); err != nil {
			t.Fatal(err)
		}

		f.clock.Advance(12 * time.Minute)
		status, body := f.get(t, site.ClaimURL(c.ID))
		if status != http.StatusOK {
			t.Fatalf("claim page: %d", status)
		}
		if !strings.Contains(body, "online, checked 12 minutes ago") {
			t.Fatalf("claim page does not say the source is live and was checked 12 minutes ago:\n%s", body)
		}
		status, body = f.get(t, "/stories/"+f.story.Slug)
		if status != http.StatusOK || !strings.Contains(body, "sources checked 12 minutes ago") {
			t.Fatalf("story page (%d) does not say when the new claim's sources were checked", status)
		}
	})
}

// longClaim is a claim whose verdict and withdrawn evidence lie far back,
// behind later evidence and internal notes.
type longClaim struct {
	id                int64
	public, internals int
}

// seedLongClaim adds a claim that is settled, has evidence withdrawn, and
// then gets later reports (public), the last of them each with a note
// (internal).
func seedLongClaim(t testing.TB, svc *claims.Service, later, notes int) longClaim {
	t.Helper()
	ctx := context.Background()
	st := must(svc.CreateStory(ctx, editor, claims.NewStory{Title: "A long-running story", Published: true}))(t)
	c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The bridge was closed for a month", Status: "investigating"}))(t)
	ev := must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: "A photo of the closed bridge", Stance: "supports"}))(t)
	must(svc.WithdrawEvidence(ctx, editor, ev.ID, "The photo was taken in another year"))(t)
	c = must(svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
		Note: "The city's closure order covers the whole month", Version: c.Version}))(t)
	for k := range later {
		must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: fmt.Sprintf("Later report %d", k+1), Stance: "context"}))(t)
		if k >= later-notes {
			must(svc.AddNote(ctx, editor, c.ID, fmt.Sprintf("Internal note %d", k+1)))(t)
		}
	}
	return longClaim{id: c.ID, public: 4 + later, internals: notes}
}

var earlierLink = regexp.MustCompile(`href="([^"]+)" rel="prev"`)

// walkTimeline follows a claim page's links to earlier events from target,
// returning every page's timeline section, newest page first.
func walkTimeline(t *testing.T, h http.Handler, cookie *http.Cookie, target string) []string {
	t.Helper()
	var pages []string
	for target != "" && len(pages) < 10 {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if cookie != nil {
			req.AddCookie(cookie)
		}
		res := serve(h, req)
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", target, res.StatusCode)
		}
		section := between(t, body, `id="timeline-h"`, `</section>`)
		if len(pages) == 0 {
			section = body // the newest page is checked whole
		}
		pages = append(pages, section)
		target = ""
		if m := earlierLink.FindStringSubmatch(section); m != nil {
			// A browser keeps the fragment to itself.
			target, _, _ = strings.Cut(html.UnescapeString(m[1]), "#")
		}
	}
	return pages
}

// TestClaimPage_LongTimelineShowsTheNewestAndPagesBackToTheFirst: a claim
// with more events than a page draws its newest, says how many there are,
// links back page by page to the claim's creation, and still leads with
// the verdict and shows the withdrawal that lie far back; the editor's
// page pages the same way with internal notes; the API's claim is as
// before.
func TestClaimPage_LongTimelineShowsTheNewestAndPagesBackToTheFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, svc, asvc := newTestServer(t, db)
		lc := seedLongClaim(t, svc, 120, 30)
		url := site.ClaimURL(lc.id)

		pages := walkTimeline(t, h, nil, url)
		if len(pages) != 3 {
			t.Fatalf("the public timeline of %d events took %d pages, want 3", lc.public, len(pages))
		}
		newest := pages[0]
		verdict := between(t, newest, `id="verdict-h"`, `</section>`)
		if !strings.Contains(verdict, "The city&#39;s closure order covers the whole month") {
			t.Error("the verdict does not give the note that settled the claim, 120 events back")
		}
		if !strings.Contains(newest, "Withdrawn") || !strings.Contains(newest, "The photo was taken in another year") {
			t.Error("the withdrawn evidence does not say when and why it was withdrawn")
		}
		first := between(t, newest, `id="timeline-h"`, `</section>`)
		if !strings.Contains(first, fmt.Sprintf("The newest 50 of %d events", lc.public)) {
			t.Errorf("the timeline does not count its events: %s", first[:min(len(first), 400)])
		}
		if n := strings.Count(first, `<li class="ev`); n != claims.TimelinePageSize {
			t.Errorf("the newest page draws %d events, want %d", n, claims.TimelinePageSize)
		}
		if !strings.Contains(first, "Later report 120") || strings.Contains(first, "Later report 70<") {
			t.Error("the newest page does not end with the newest 50 events")
		}
		if strings.Contains(first, "Internal note") {
			t.Error("readers see internal notes")
		}
		if !strings.Contains(first, fmt.Sprintf("Earlier events (%d)", lc.public-50)) {
			t.Error("the link to earlier events does not say how many there are")
		}
		if !strings.Contains(pages[1], fmt.Sprintf("Events 25–74 of %d", lc.public)) || !strings.Contains(pages[1], `href="`+url+`#timeline-h"`) {
			t.Error("an earlier page does not say which events it shows or lead back to the newest")
		}
		drawn := 0
		for _, p := range pages {
			drawn += strings.Count(p, `<li class="ev`)
		}
		last := pages[len(pages)-1]
		if drawn != lc.public || !strings.Contains(last, "Claim added") || strings.Contains(last, `rel="prev"`) {
			t.Errorf("the pages draw %d events, want all %d, the last ending at the claim's creation", drawn, lc.public)
		}

		for _, bad := range []string{"?before=abc", "?before=0", "?before=1"} {
			if res := serve(h, httptest.NewRequest(http.MethodGet, url+bad, nil)); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s%s = %d, want 404", url, bad, res.StatusCode)
			}
		}

		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		edURL := view.EditClaimURL(lc.id)
		ed := walkTimeline(t, h, cookie, edURL)
		all := lc.public + lc.internals
		if want := (all + 49) / 50; len(ed) != want {
			t.Fatalf("the editor's timeline of %d events took %d pages, want %d", all, len(ed), want)
		}
		if !strings.Contains(ed[0], fmt.Sprintf("The newest 50 of %d events", all)) || !strings.Contains(ed[0], "Internal note 120") ||
			!strings.Contains(ed[0], `href="`+edURL+`?before=`) {
			t.Error("the editor's claim page does not page its timeline, internal notes included, at its own address")
		}

		res := serve(h, httptest.NewRequest(http.MethodGet, "/api/v1/claims/"+fmt.Sprint(lc.id), nil))
		api := decode[map[string]any](t, readAll(t, res.Body))
		if res.StatusCode != http.StatusOK || api["status"] != "confirmed" || len(api["evidence"].([]any)) != 121 {
			t.Errorf("GET /api/v1/claims/%d = %d %v, want the confirmed claim with its 121 pieces of evidence", lc.id, res.StatusCode, api["status"])
		}
	})
}

// BenchmarkClaimPage10000Events renders the page of a claim with 10,000
// public status changes, as the scale bench seeds it: the newest page of
// the timeline, the verdict and the counts, on each database.
func BenchmarkClaimPage10000Events(b *testing.B) {
	b.Run(store.DialectSQLite, func(b *testing.B) { benchClaimPage(b, storetest.SQLite(b)) })
	b.Run(store.DialectPostgres, func(b *testing.B) { benchClaimPage(b, storetest.Postgres(b)) })
}

func benchClaimPage(b *testing.B, db *store.DB) {
	srv, h, svc, _ := newTestServer(b, db)
	srv.accessLog = false
	ctx := context.Background()
	st := must(svc.CreateStory(ctx, editor, claims.NewStory{Title: "A story changed 10,000 times", Published: true}))(b)
	c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The count keeps changing", Status: "investigating"}))(b)
	statuses := []string{"disputed", "investigating"}
	for i := range 10000 {
		c = must(svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: &statuses[i%2],
			Note: fmt.Sprintf("Change %d: a new count was published", i+1), Version: c.Version}))(b)
	}
	req := httptest.NewRequest(http.MethodGet, site.ClaimURL(c.ID), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	// cpu-ms/op counts this process only, not PostgreSQL's server: on
	// PostgreSQL the wall time is the measure.
	b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, site.ClaimURL(c.ID), nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "The newest 50 of 10,001 events") {
		b.Fatalf("GET %s = %d, without its paged timeline", site.ClaimURL(c.ID), rec.Code)
	}
	b.ReportMetric(float64(rec.Body.Len()), "page-bytes")
}

// ldOf returns the JSON-LD a page carries, "" when none.
func ldOf(t *testing.T, page string) string {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(page, open)
	if i < 0 {
		return ""
	}
	rest := page[i+len(open):]
	return rest[:strings.Index(rest, "</script>")]
}

func TestClaimReview_ResolvedClaimPageCarriesItAndTheAPIExportsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		c := f.addClaim(t, f.story.ID, `The audio is authentic </script><script>alert(1)</script>`, "investigating", "")
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: "https://first.example.org/leak", Outlet: "First", OutletKind: "independent", Stance: "supports"}))(t)
		f.clock.Advance(time.Hour)
		must(f.svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: "https://second.example.org/follow-up", Outlet: "Second", OutletKind: "wire", Stance: "supports"}))(t)

		status, body := f.get(t, site.ClaimURL(c.ID))
		if status != http.StatusOK || ldOf(t, body) != "" {
			t.Fatalf("an open claim's page (%d) carries a ClaimReview", status)
		}

		f.clock.Advance(24 * time.Hour)
		must(f.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "Forensic analysis found splices", Version: c.Version}))(t)
		status, body = f.get(t, site.ClaimURL(c.ID))
		raw := ldOf(t, body)
		if status != http.StatusOK || raw == "" {
			t.Fatalf("the resolved claim's page (%d) carries no ClaimReview", status)
		}
		if strings.Contains(raw, "</script>") || strings.Contains(body, "<script>alert(1)") {
			t.Fatal("the claim's text closed the JSON-LD script element")
		}
		var ld struct {
			Context       string `json:"@context"`
			T             string `json:"@type"`
			URL           string
			ClaimReviewed string
			DatePublished string
			Author        struct{ Type, Name, URL string }
			ReviewRating  struct {
				RatingValue, BestRating, WorstRating int
				AlternateName                        string
			}
			ItemReviewed struct {
				T               string `json:"@type"`
				Appearance      []struct{ URL string }
				FirstAppearance struct{ URL string }
			}
		}
		if err := json.Unmarshal([]byte(raw), &ld); err != nil {
			t.Fatalf("JSON-LD %s: %v", raw, err)
		}
		wantDate := f.clock.Now().UTC().Format(time.DateOnly)
		if ld.Context != "https://schema.org" || ld.T != "ClaimReview" || ld.ClaimReviewed != c.Text || ld.URL != "https://claims.example.org"+site.ClaimURL(c.ID) ||
			ld.DatePublished != wantDate || ld.Author.Name != "claimtrack" ||
			ld.ReviewRating.RatingValue != 1 || ld.ReviewRating.WorstRating != 1 || ld.ReviewRating.BestRating != 5 ||
			ld.ReviewRating.AlternateName != "Refuted" || ld.ItemReviewed.T != "Claim" || len(ld.ItemReviewed.Appearance) != 2 ||
			ld.ItemReviewed.FirstAppearance.URL != "https://first.example.org/leak" {
			t.Fatalf("ClaimReview = %+v\n%s", ld, raw)
		}

		res := f.do(t, http.MethodGet, "/api/v1/claimreview", nil)
		body = readAll(t, res.Body)
		var all struct{ Items []map[string]any }
		if err := json.Unmarshal([]byte(body), &all); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %v\n%s", res.StatusCode, err, body)
		}
		var found bool
		for _, r := range all.Items {
			if r["claimReviewed"] == c.Text {
				found = true
			}
			if r["claimReviewed"] == f.hidden.Text || r["claimReviewed"] == f.open.Text {
				t.Errorf("the export holds a claim that is unresolved or in a draft: %v", r["claimReviewed"])
			}
		}
		if !found {
			t.Fatalf("the export lacks the refuted claim:\n%s", body)
		}

		res = f.do(t, http.MethodGet, "/api/v1"+site.ClaimURL(c.ID)+"/history", nil)
		var hist struct {
			Items []struct {
				FromStatus string `json:"from_status"`
				ToStatus   string `json:"to_status"`
				Resolved   bool
				Note       string
			}
		}
		if err := json.Unmarshal([]byte(readAll(t, res.Body)), &hist); err != nil || len(hist.Items) != 2 ||
			hist.Items[0].ToStatus != "investigating" || hist.Items[1].FromStatus != "investigating" ||
			hist.Items[1].ToStatus != "refuted" || !hist.Items[1].Resolved || hist.Items[1].Note != "Forensic analysis found splices" {
			t.Fatalf("history = %+v, %v; want investigating, then refuted with its note", hist, err)
		}
		if res := f.do(t, http.MethodGet, "/api/v1"+site.ClaimURL(f.hidden.ID)+"/history", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("history of a draft's claim: %d, want 404", res.StatusCode)
		}
	})
}

// TestClaimReview_ACorrectedVerdictCarriesItsCorrection: a verdict changed
// into another is a schema.org CorrectionComment, on the page and in the
// export, and the page says so at its top; a first verdict carries none.
func TestClaimReview_ACorrectedVerdictCarriesItsCorrection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		_, body := f.get(t, site.ClaimURL(f.settled.ID))
		if strings.Contains(ldOf(t, body), "correction") || strings.Contains(body, "correction-note") {
			t.Fatalf("a first verdict carries a correction:\n%s", ldOf(t, body))
		}
		f.clock.Advance(48 * time.Hour)
		must(f.svc.UpdateClaim(ctx, editor, f.settled.ID, claims.ClaimPatch{Status: ptr("partly_confirmed"),
			Note: "Only 940 signatures were verified", Version: f.settled.Version}))(t)
		_, body = f.get(t, site.ClaimURL(f.settled.ID))
		if !strings.Contains(body, `<p class="correction-note" id="correction"><strong>Updated Nov 22: was Confirmed, now Partly confirmed.</strong>`) {
			t.Errorf("the page does not say at its top that the verdict changed:\n%s", between(t, body, "<main", "</header>"))
		}
		var ld struct {
			Correction struct {
				T             string `json:"@type"`
				Text          string
				DatePublished string
			}
		}
		if err := json.Unmarshal([]byte(ldOf(t, body)), &ld); err != nil {
			t.Fatal(err)
		}
		if ld.Correction.T != "CorrectionComment" || ld.Correction.Text != "Was Confirmed, now Partly confirmed. Only 940 signatures were verified" ||
			ld.Correction.DatePublished != "2025-11-22" {
			t.Errorf("correction = %+v", ld.Correction)
		}
		res := f.do(t, http.MethodGet, "/api/v1/claimreview", nil)
		if b := readAll(t, res.Body); !strings.Contains(b, `"@type":"CorrectionComment"`) {
			t.Errorf("the export lacks the correction:\n%s", b)
		}
	})
}

type atomFeed struct {
	Title   string `xml:"title"`
	ID      string `xml:"id"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Summary string `xml:"summary"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func readFeed(t *testing.T, f *fixture, path string) atomFeed {
	t.Helper()
	res := f.do(t, http.MethodGet, path, nil)
	body := readAll(t, res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET %s: %d %s\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var feed atomFeed
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatalf("GET %s is not Atom XML: %v\n%s", path, err, body)
	}
	return feed
}

func TestFeeds_StoryTimelineAndResolvedClaimsAsAtom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.clock.Advance(time.Hour)
		c := f.addClaim(t, f.story.ID, `The vote was 7 to 2 <b>unanimous</b>?`, "investigating", "")
		// Notes are plain text; the summary is HTML to feed readers, so the
		// markup must arrive escaped once more, to be shown, not run.
		note := `Minutes <img src=x onerror=alert(1)> published & signed`
		f.clock.Advance(time.Hour)
		must(f.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: note, Version: c.Version}))(t)
		// A draft's resolution must not leak into the site feed.
		must(f.svc.UpdateClaim(ctx, editor, f.hidden.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "secret", Version: f.hidden.Version}))(t)

		story := readFeed(t, f, "/stories/leaked-audio/feed.atom")
		if !strings.Contains(story.Title, "Leaked audio") || len(story.Entries) == 0 {
			t.Fatalf("story feed: %+v", story)
		}
		top := story.Entries[0]
		if top.Title != `Confirmed: The vote was 7 to 2 <b>unanimous</b>?` || top.Summary != html.EscapeString(note) ||
			top.Link.Href != "https://claims.example.org"+site.ClaimURL(c.ID) || !strings.Contains(top.ID, "#event-") {
			t.Fatalf("newest story entry = %+v", top)
		}
		ids := map[string]bool{}
		for _, e := range story.Entries {
			if ids[e.ID] {
				t.Errorf("entry id %s appears twice", e.ID)
			}
			ids[e.ID] = true
			if strings.Contains(e.Title, "Internal note") || strings.Contains(e.Summary, "secret") {
				t.Errorf("story feed shows an internal event or a draft: %+v", e)
			}
		}

		// A busy story piles public events on top of its resolutions: more
		// than a page of them must not push a resolution out of the site feed.
		for i := range 210 {
			must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{Summary: fmt.Sprint("Reading ", i), Stance: "context"}))(t)
		}
		resolved := readFeed(t, f, "/feeds/resolved.atom")
		var titles []string
		for _, e := range resolved.Entries {
			titles = append(titles, e.Title)
		}
		joined := strings.Join(titles, " | ")
		if !strings.Contains(joined, "Confirmed: The vote was 7 to 2") || strings.Contains(joined, f.hidden.Text) ||
			strings.Contains(joined, "Investigating") {
			t.Fatalf("resolved feed titles: %s", joined)
		}

		if res := f.do(t, http.MethodGet, "/stories/draft-story/feed.atom", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("a draft's feed: %d, want 404", res.StatusCode)
		}
		_, page := f.get(t, "/stories/leaked-audio")
		_, home := f.get(t, "/")
		for where, body := range map[string]string{"story page": page, "home page": home} {
			if !strings.Contains(body, `<link rel="alternate" type="application/atom+xml" title="Resolved claims" href="/feeds/resolved.atom">`) {
				t.Errorf("%s does not link the resolved feed", where)
			}
		}
		if !strings.Contains(page, `href="/stories/leaked-audio/feed.atom"`) {
			t.Error("story page does not link its own feed")
		}
	})
}

// TestFeeds_ABrowserGetsTheFeedAsAStyledPage: feed readers get Atom; a
// browser, which asks for text/html first, gets the same document as
// application/xml so that it applies the stylesheet the feed names.
func TestFeeds_ABrowserGetsTheFeedAsAStyledPage(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	for accept, want := range map[string]string{"": "application/atom+xml", "application/atom+xml": "application/atom+xml", browser: "application/xml"} {
		res := f.do(t, http.MethodGet, "/stories/"+f.story.Slug+"/feed.atom", map[string]string{"Accept": accept})
		body := readAll(t, res.Body)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, want) || !strings.Contains(res.Header.Get("Vary"), "Accept") {
			t.Errorf("Accept %q: Content-Type %q, Vary %q; want %s varying on Accept", accept, ct, res.Header.Get("Vary"), want)
		}
		pi := regexp.MustCompile(`^<\?xml [^>]*\?>\n<\?xml-stylesheet type="text/xsl" href="(/static/feed\.[0-9a-f]+\.xsl)"\?>`).FindStringSubmatch(body)
		if pi == nil {
			t.Fatalf("Accept %q: the feed does not name its stylesheet:\n%.300s", accept, body)
		}
		xsl := f.do(t, http.MethodGet, pi[1], nil)
		if xsl.StatusCode != http.StatusOK || !strings.HasPrefix(xsl.Header.Get("Content-Type"), "text/xsl") {
			t.Errorf("stylesheet %s: %d %s", pi[1], xsl.StatusCode, xsl.Header.Get("Content-Type"))
		}
	}
}

// largeStoryStatuses spreads a large story's claims over the vocabulary:
// more open than settled, as in a story still developing.
var largeStoryStatuses = []string{"unverified", "investigating", "disputed", "investigating", "disputed",
	"confirmed", "refuted", "partly_confirmed", "unverified", "inconclusive"}

// importLargeStory imports a published story of n claims, each with a
// source of its own and a piece of evidence.
func importLargeStory(t testing.TB, svc *claims.Service, slug string, n int) {
	t.Helper()
	yes := true
	f := &claims.StoryFile{Slug: slug, Title: "A story with many claims", Published: &yes,
		Summary: "An inquiry that grew to hundreds of separate claims, each tracked on its own."}
	for i := range n {
		ref := fmt.Sprintf("outlet-%d", i)
		f.Sources = append(f.Sources, claims.FileSource{Ref: ref, URL: fmt.Sprintf("https://news%d.example.org/report/%d", i%40, i),
			Outlet: fmt.Sprintf("Outlet %d", i%40), Kind: "independent", Title: fmt.Sprintf("Report number %d", i)})
		f.Claims = append(f.Claims, claims.FileClaim{
			Text:            fmt.Sprintf("Claim %d: the ministry's figures for district %d were revised after the first count", i, i),
			Status:          largeStoryStatuses[i%len(largeStoryStatuses)],
			WhatWouldSettle: "The district's own published tally",
			Sources:         []claims.FileLink{{Source: ref, Stance: "supports"}},
			Evidence:        []claims.FileEvidence{{Summary: "A reporter compared both tallies", Stance: "context"}},
		})
	}
	if _, err := svc.ImportStory(context.Background(), editor, "large.yaml", f); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkStoryPage500Claims renders a 500-claim story's page with the
// page cache bypassed: every iteration reads the database, renders the
// template and compresses the page, as the first reader after a write.
func BenchmarkStoryPage500Claims(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	importLargeStory(b, f.svc, "large", claims.MaxStoryClaims)
	benchUncachedPage(b, f, "/stories/large")
}

// benchUncachedPage GETs path with the page cache dropped before every
// request and reports, beside the wall time, the CPU time per render and
// the page's size.
func benchUncachedPage(b *testing.B, f *fixture, path string) {
	f.srv.accessLog = false
	h := f.srv.Handler()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		f.srv.pages.dropAll()
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	// On a shared machine the wall time per render says more about the
	// other processes than about this one: the CPU time it used is
	// reported beside it.
	b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s = %d", path, rec.Code)
	}
	b.ReportMetric(float64(rec.Body.Len()), "page-bytes")
}

// A large story's page shows the first claims of each status as cards and
// holds so many of each in all; its claim lists have the rest.
const cardsAStatus, shownAStatus = 3, 25

// TestLargeStory_PageFoldsClaimsByStatusAndStaysSmall: a 500-claim story's
// page leads with what remains unresolved, grouped by status, shows a few
// cards of each, folds the next ones, links to the rest, and stays small;
// the links page through every claim of a status.
func TestLargeStory_PageFoldsClaimsByStatusAndStaysSmall(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	importLargeStory(t, f.svc, "large", claims.MaxStoryClaims)
	status, body := f.get(t, "/stories/large")
	if status != http.StatusOK {
		t.Fatalf("GET /stories/large = %d", status)
	}
	if len(body) > 100*1024 {
		t.Errorf("the page weighs %d bytes, want under 100 KB", len(body))
	}
	if !strings.Contains(body, "<strong>300 of 500</strong>") {
		t.Error("the status line does not count 300 of 500 claims unresolved")
	}
	unresolved := between(t, body, `id="unresolved"`, `class="follow-block"`)
	resolved := between(t, body, `id="resolved-h"`, `id="sources"`)
	for _, id := range []string{"unverified", "investigating", "disputed"} {
		if !strings.Contains(unresolved, `id="status-`+id+`"`) {
			t.Errorf("no %s group under What remains unresolved", id)
		}
	}
	if n := strings.Count(unresolved, `<li class="card `); n != 3*cardsAStatus {
		t.Errorf("%d open claims shown as cards, want %d (3 statuses)", n, 3*cardsAStatus)
	}
	if n := strings.Count(unresolved, `<details class="fold">`); n != 3 {
		t.Errorf("%d folds under What remains unresolved, want one per status", n)
	}
	if !strings.Contains(unresolved, "22 more disputed claims") || !strings.Contains(unresolved, "All 100 disputed claims (75 not shown here)") {
		t.Error("a status group does not say how many it folds and how many the list holds")
	}
	if n := strings.Count(resolved, `class="verdict-card `); n != 4*cardsAStatus {
		t.Errorf("%d verdicts shown, want %d (4 statuses)", n, 4*cardsAStatus)
	}
	if n := strings.Count(body, `href="/claims/`); n > 7*shownAStatus+10 {
		t.Errorf("the page links %d claims, want at most %d a status", n, shownAStatus)
	}

	var seen int
	for target := "/stories/large/claims?status=disputed"; target != ""; {
		status, page := f.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d", target, status)
		}
		seen += strings.Count(page, `<li class="card `)
		target = ""
		if m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(page); m != nil {
			target = html.UnescapeString(m[1])
		}
	}
	if seen != 100 {
		t.Errorf("the disputed list's pages show %d claims, want all 100", seen)
	}
	for _, target := range []string{"/stories/large/claims?status=disputed&page=3", "/stories/large/claims?status=nonsense", "/stories/large/claims?status=disputed&page=0"} {
		if status, _ := f.get(t, target); status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, status)
		}
	}
}

// cpuTime is the CPU time this process has used so far (user and system).
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExport500Claims exports a 500-claim story as a reader, with the
// page cache bypassed (uncached) and kept (cached).
func BenchmarkExport500Claims(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	f.srv.accessLog = false
	importLargeStory(b, f.svc, "large", claims.MaxStoryClaims)
	h := f.srv.Handler()
	for _, cached := range []bool{false, true} {
		b.Run(map[bool]string{false: "uncached", true: "cached"}[cached], func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/stories/large/export", nil)
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req)
			b.ReportAllocs()
			for b.Loop() {
				if !cached {
					f.srv.pages.dropAll()
				}
				clear(w.h)
				h.ServeHTTP(w, req)
			}
		})
	}
}
