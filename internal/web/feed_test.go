package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

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
