package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

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
