package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
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
