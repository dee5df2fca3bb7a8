package app

import (
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/demo"
)

// The demo's open claims, as the story page must list them under
// "What remains unresolved", and its settled ones.
var (
	demoUnresolved = map[string]string{
		"The leaked audio is a genuine recording of an internal Meta meeting in which Mark Zuckerberg speaks.": "unverified",
		"Software on Meta employees' work computers tracked their keystrokes, mouse movements and clicks.":     "investigating",
		"The software also captured what was shown on employees' screens.":                                     "unverified",
		"The same petition passed 1,500 signatures.":                                                           "unverified",
	}
	demoResolved = map[string]string{
		"A petition by Meta employees against using their work activity for AI training passed 1,000 signatures.": "confirmed",
		"Meta was laying off about 8,000 workers at the time, roughly 10% of its staff.":                          "partly_confirmed",
		"Meta had not confirmed that the recording is authentic.":                                                 "confirmed",
	}
)

func TestMain_ServesTheDemoStoryOverHTTP(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, nil)
		base := "http://" + m.Addr()
		if m.URL() != base {
			t.Errorf("URL() = %q, want the derived %q", m.URL(), base)
		}

		if status, body := get(t, base+"/readyz"); status != http.StatusOK {
			t.Errorf("/readyz = %d %q, want 200", status, body)
		}

		status, index := get(t, base+"/")
		if status != http.StatusOK || !strings.Contains(index, html.EscapeString(demo.Title)) ||
			!strings.Contains(index, "/stories/"+demo.Slug) {
			t.Errorf("/ = %d and does not list the demo story with a link to it", status)
		}

		status, page := get(t, base+"/stories/"+demo.Slug)
		if status != http.StatusOK {
			t.Fatalf("/stories/%s = %d", demo.Slug, status)
		}
		section := unresolvedSection(t, page)
		for text := range demoUnresolved {
			if !strings.Contains(section, html.EscapeString(text)) {
				t.Errorf("the unresolved section lacks %q", text)
			}
		}
		for text := range demoResolved {
			if strings.Contains(section, html.EscapeString(text)) {
				t.Errorf("the unresolved section lists the resolved claim %q", text)
			}
			if !strings.Contains(page, html.EscapeString(text)) {
				t.Errorf("the page does not show the resolved claim %q", text)
			}
		}

		var st apiStory
		getJSON(t, base+"/api/v1/stories/"+demo.Slug, &st)
		if st.Slug != demo.Slug || st.Title != demo.Title {
			t.Errorf("API story = %q %q", st.Slug, st.Title)
		}
		if len(st.Claims) != len(demoUnresolved)+len(demoResolved) {
			t.Fatalf("API story has %d claims, want %d", len(st.Claims), len(demoUnresolved)+len(demoResolved))
		}
		var wantIDs []int64
		for _, c := range st.Claims {
			want, open := demoUnresolved[c.Text]
			if !open {
				want = demoResolved[c.Text]
			}
			if c.Status != want || c.Resolved == open || c.Version < 1 {
				t.Errorf("API claim %q: status %s resolved %v version %d; want status %s resolved %v",
					c.Text, c.Status, c.Resolved, c.Version, want, !open)
			}
			if open {
				wantIDs = append(wantIDs, c.ID)
			}
		}
		slices.Sort(wantIDs)
		got := slices.Sorted(slices.Values(st.UnresolvedClaimIDs))
		if !slices.Equal(got, wantIDs) {
			t.Errorf("unresolved_claim_ids = %v, want %v", got, wantIDs)
		}
	})
}

// unresolvedSection returns the story page's "What remains unresolved"
// section, up to its closing tag.
func unresolvedSection(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `id="unresolved"`)
	if i < 0 {
		t.Fatal(`the story page has no element with id="unresolved"`)
	}
	rest := page[i:]
	end := strings.Index(rest, "</section>")
	if end < 0 {
		t.Fatal("the unresolved section is not closed")
	}
	return rest[:end]
}

func TestMain_RestartOnTheSameDatabaseDoesNotLoadTheDemoTwice(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		first := start(t, dsn, nil)
		var before apiStory
		getJSON(t, "http://"+first.Addr()+"/api/v1/stories/"+demo.Slug, &before)
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}

		second := start(t, dsn, nil)
		var list apiStoryList
		getJSON(t, "http://"+second.Addr()+"/api/v1/stories", &list)
		if len(list.Items) != 1 || list.Items[0].Slug != demo.Slug {
			t.Errorf("after a restart the stories are %+v, want the demo story once", list.Items)
		}
		var after apiStory
		getJSON(t, "http://"+second.Addr()+"/api/v1/stories/"+demo.Slug, &after)
		if !slices.Equal(after.Claims, before.Claims) {
			t.Errorf("the demo's claims changed across a restart:\nbefore %+v\n after %+v", before.Claims, after.Claims)
		}
	})
}

func TestMain_WithDemoOffServesAnEmptySite(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off"})
		base := "http://" + m.Addr()
		var list apiStoryList
		getJSON(t, base+"/api/v1/stories", &list)
		if len(list.Items) != 0 {
			t.Errorf("stories = %+v, want none", list.Items)
		}
		if status, _ := get(t, base+"/stories/"+demo.Slug); status != http.StatusNotFound {
			t.Errorf("/stories/%s = %d, want 404", demo.Slug, status)
		}
		if status, index := get(t, base+"/"); status != http.StatusOK || strings.Contains(index, html.EscapeString(demo.Title)) {
			t.Errorf("/ = %d, or it shows the demo story", status)
		}
		if status, _ := get(t, base+"/readyz"); status != http.StatusOK {
			t.Errorf("/readyz = %d, want 200", status)
		}
	})
}

func TestMain_CloseStopsServingAndClosesTheDatabase(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, nil)
		addr := m.Addr()
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
			t.Error("the server still answers after Close")
		}
		if err := m.Service().Ping(t.Context()); err == nil {
			t.Error("the database still answers after Close")
		}
	})
}
