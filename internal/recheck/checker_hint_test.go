package recheck_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// layoutPage is a news page whose article sits in a container of the given
// class, with a sidebar of links beside it, as outlets' templates have.
func layoutPage(container string, paras ...string) string {
	s := `<html><head><title>Minister statement | Wire</title></head><body><nav>Home | World</nav>
<div class="wrap"><div class="` + container + `"><h1>Minister statement</h1>`
	for _, p := range paras {
		s += "<p>" + p + "</p>\n"
	}
	s += `</div><div class="rail"><h3>Most read</h3><ul>`
	for _, l := range []string{"Floods", "Budget", "Elections", "Weather", "Sport"} {
		s += `<li><a href="/` + l + `">` + l + ` latest</a></li>`
	}
	return s + "</ul></div></div><footer>Copyright</footer></body></html>"
}

var statementParas = []string{
	"The minister said on Monday that the recording circulating online was fabricated and that she had never met the contractor.",
	"Her office released a timeline of her movements in March, which it said showed she was abroad on the day the recording was supposedly made.",
	"Opposition members called for an independent inquiry, saying the office's timeline did not cover the evening in question.",
	"An inquiry led by a retired judge will report in May, the cabinet office said in a statement on Tuesday afternoon.",
}

func checkOne(t *testing.T, chk *recheck.Checker, id int64) *recheck.Result {
	t.Helper()
	r, err := chk.CheckOne(t.Context(), id)
	if err != nil {
		t.Fatalf("CheckOne: %v", err)
	}
	return r
}

func TestCheck_RememberedLayoutReadsEditsAndALayoutChangeAloneIsNoChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, layoutPage("story", statementParas...))
		c := f.claim(t, f.story.ID, "The recording is authentic")
		src := f.link(t, c.ID, p.srv.URL+"/statement")
		chk := f.checker(t, testClient(t, true, nil))

		if r := checkOne(t, chk, src.Source.ID); r.TextFromHint || len(r.Events) != 0 {
			t.Fatalf("first check: from hint %v, events %v; want readability's baseline, no events", r.TextFromHint, r.Events)
		}

		edited := append([]string{}, statementParas...)
		edited[0] = strings.Replace(edited[0], "was fabricated", "was authentic", 1)
		p.set(layoutPage("story", edited...), http.StatusOK)
		f.clock.Advance(time.Hour)
		r := checkOne(t, chk, src.Source.ID)
		if !r.TextFromHint || len(r.Events) != 1 || r.Events[0] != claims.EventSourceChanged {
			t.Fatalf("check after an edit: from hint %v, events %v; want the remembered element read and one source_changed", r.TextFromHint, r.Events)
		}
		snap, err := f.svc.LatestSnapshot(t.Context(), src.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "+ " + edited[0]; !strings.Contains(snap.Diff, want) || strings.Count(snap.Diff, "\n") != 2 {
			t.Fatalf("diff after the edit:\n%s\nwant exactly the edited sentence removed and added", snap.Diff)
		}
		text, _ := claims.DecompressText(snap.TextGz)
		if strings.Contains(text, "Most read") || strings.Contains(text, "Floods latest") {
			t.Fatalf("text read through the hint holds the sidebar:\n%s", text)
		}

		// A redesign moves the same text into a new container: readability
		// runs again and finds the same text, which is not a change.
		p.set(layoutPage("article-body", edited...), http.StatusOK)
		f.clock.Advance(time.Hour)
		if r := checkOne(t, chk, src.Source.ID); r.TextFromHint || len(r.Events) != 0 || r.State != claims.SourceLive {
			t.Fatalf("check after a layout change: from hint %v, events %v, state %s; want a fresh readability pass, no events, live",
				r.TextFromHint, r.Events, r.State)
		}
		f.clock.Advance(time.Hour)
		if r := checkOne(t, chk, src.Source.ID); !r.TextFromHint || len(r.Events) != 0 {
			t.Fatalf("check of the new layout: from hint %v, events %v; want the new element remembered, no events", r.TextFromHint, r.Events)
		}
		if n := kindsOf(f.events(t, c.ID))[claims.EventSourceChanged]; n != 1 {
			t.Fatalf("claim has %d source_changed events, want only the edit's", n)
		}
	})
}

func TestCheck_BotWallDoesNotReplaceTheRememberedLayout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := newPage(t, layoutPage("story", statementParas...))
		c := f.claim(t, f.story.ID, "The recording is authentic")
		src := f.link(t, c.ID, p.srv.URL+"/statement")
		chk := f.checker(t, testClient(t, true, nil))
		checkOne(t, chk, src.Source.ID)

		p.set(`<html><head><title>Just a moment...</title></head><body><div id="challenge-running">Checking your browser before accessing the site.</div><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></body></html>`, http.StatusForbidden)
		f.clock.Advance(time.Hour)
		if r := checkOne(t, chk, src.Source.ID); r.Check.Finding != claims.FindingBotWall {
			t.Fatalf("check of the wall: finding %q, want %q", r.Check.Finding, claims.FindingBotWall)
		}

		p.set(layoutPage("story", statementParas...), http.StatusOK)
		f.clock.Advance(time.Hour)
		if r := checkOne(t, chk, src.Source.ID); !r.TextFromHint || r.State != claims.SourceLive {
			t.Fatalf("check after the wall: from hint %v, state %s; want the article's layout still remembered, live", r.TextFromHint, r.State)
		}
	})
}
