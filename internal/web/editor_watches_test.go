package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestEditorWatches_FormSavesPhrasesAndANumberWatchAndShowsThemBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		e.svc.UseWatchSyntax(extract.CheckNumberWatch)
		ls := must(e.svc.LinkSource(context.Background(), claims.ActorDemo, e.claim.ID, claims.NewSourceLink{
			URL: "https://petitions.example.org/p/harbour", Outlet: "Petitions", OutletKind: "primary", Title: "Rebuild the harbour", Stance: "context"}))(t)

		status, page := e.get(t, e.claimPath(""))
		if status != http.StatusOK || !strings.Contains(page, `id="watches-form"`) || !strings.Contains(page, `name="pattern_1"`) {
			t.Fatalf("claim editor: %d, no watch form with a blank number row", status)
		}

		form := url.Values{"version": {"0"}, "phrases": {"arson\r\nfire service confirmed\r\n"},
			"label_1": {"signatures"}, "source_1": {strconv.FormatInt(ls.Source.ID, 10)}, "pattern_1": {`([\d,]+) signatures`},
			"selector_1": {".count"}, "comparison_1": {">= 5000"}, "propose_1": {"confirmed"}}
		res, _ := e.post(t, e.claimPath("/watches"), form)
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=watches") {
			t.Fatalf("save watches: %d Location %q, want 303 back with done=watches", res.StatusCode, res.Header.Get("Location"))
		}
		cw := must(e.svc.Watches(context.Background(), e.claim.ID))(t)
		w := cw.Watches
		if strings.Join(w.Phrases, "|") != "arson|fire service confirmed" || len(w.Numbers) != 1 ||
			*w.Numbers[0].SourceID != ls.Source.ID || w.Numbers[0].Selector != ".count" || w.Numbers[0].Propose != "confirmed" {
			t.Fatalf("saved watches %+v", w)
		}
		_, page = e.get(t, e.claimPath("?done=watches"))
		page = html.UnescapeString(page)
		for _, want := range []string{"Watches saved.", ">arson\nfire service confirmed</textarea>", `value="([\d,]+) signatures"`, `name="pattern_2"`, "Watching phrases"} {
			if !strings.Contains(page, want) {
				t.Errorf("claim editor after saving lacks %q", want)
			}
		}

		// A stale form keeps the editor's input and says what the watches are now.
		res, body := e.post(t, e.claimPath("/watches"), url.Values{"version": {"0"}, "phrases": {"fabricated"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "someone else changed these watches") ||
			!strings.Contains(body, ">fabricated</textarea>") || !strings.Contains(body, "“arson”") {
			t.Fatalf("stale save: %d; want 409 keeping the input and naming the current watches", res.StatusCode)
		}
		res, body = e.post(t, e.claimPath("/watches"), url.Values{"version": {"1"}, "pattern_1": {`([`}, "comparison_1": {">= 1"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "invalid pattern") || !strings.Contains(html.UnescapeString(body), `value="(["`) {
			t.Fatalf("bad pattern: %d; want 422 naming it and keeping the input", res.StatusCode)
		}
		if got := must(e.svc.Watches(context.Background(), e.claim.ID))(t).Watches.Version; got != 1 {
			t.Fatalf("refused saves changed the watches to version %d", got)
		}
	})
}
