package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
)

func TestWriteAPI_PatchShowsOnTheNextStoryPageGet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, page := apiReq(t, f.h, "GET", "/stories/budget-vote", "", nil, nil)
		wantStatus(t, "story page", res, page, http.StatusOK)
		if !strings.Contains(textOf(parse(t, page).Find("li.card")), "The vote was 52 to 48") {
			t.Fatal("story page lacks the claim")
		}
		// A second GET is served from the page cache.
		apiReq(t, f.h, "GET", "/stories/budget-vote", "", nil, nil)
		res, body := apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", f.claim.ID), `{"text":"The vote was 51 to 49","version":1}`, f.editorA, nil)
		wantStatus(t, "patch", res, body, http.StatusOK)
		_, page = apiReq(t, f.h, "GET", "/stories/budget-vote", "", nil, nil)
		if cards := textOf(parse(t, page).Find("li.card")); !strings.Contains(cards, "The vote was 51 to 49") || strings.Contains(cards, "52 to 48") {
			t.Fatal("the story page after a PATCH still shows the old text")
		}
	})
}

func TestWriteAPI_HTMLInEveryFieldRendersInertOnStoryAndClaimPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		const x = `<script>alert(1)</script><img src=x onerror=alert(2)>`
		esc := func(s string) string { b, _ := jsonString(s); return b }
		post := func(method, url, body string, want int) string {
			t.Helper()
			res, out := apiReq(t, f.h, method, url, body, f.editorA, nil)
			wantStatus(t, method+" "+url, res, out, want)
			return out
		}
		cl := decode[api.ClaimRecord](t, post("POST", "/api/v1/stories/budget-vote/claims",
			`{"text":"Claim `+esc(x)+`","what_would_settle":"Settle `+esc(x)+`"}`, http.StatusCreated))
		curl := fmt.Sprintf("/api/v1/claims/%d", cl.ID)
		post("POST", curl+"/evidence", `{"summary":"Evidence `+esc(x)+`","stance":"supports","quote":"Quote `+esc(x)+`"}`, http.StatusCreated)
		post("POST", curl+"/sources", `{"url":"https://news.example/a","outlet":"Outlet `+esc(x)+`","outlet_kind":"independent","stance":"supports","title":"Title `+esc(x)+`"}`, http.StatusCreated)
		post("PATCH", curl, `{"status":"confirmed","note":"Note `+esc(x)+`","version":1}`, http.StatusOK)
		post("POST", curl+"/notes", `{"text":"Internal `+esc(x)+`"}`, http.StatusCreated)

		for _, page := range []string{"/stories/budget-vote", fmt.Sprintf("/claims/%d", cl.ID)} {
			res, body := apiReq(t, f.h, "GET", page, "", nil, nil)
			wantStatus(t, page, res, body, http.StatusOK)
			doc := parse(t, body)
			// The one script a page may hold is its JSON-LD.
			if n := doc.Find(`script:not([type="application/ld+json"]), img[onerror]`).Length(); n != 0 {
				t.Errorf("%s carries %d live elements from user input", page, n)
			}
			checkPage(t, page, doc, nil, []string{"<script>alert(1)</script>"}, []string{"Internal "})
		}
		_, claimBody := apiReq(t, f.h, "GET", fmt.Sprintf("/claims/%d", cl.ID), "", nil, nil)
		checkPage(t, "the claim page", parse(t, claimBody), nil,
			[]string{"Claim <script>", "Evidence <script>", "Outlet <script>", "Note <script>"}, nil)
	})
}

func TestWriteAPI_InternalNotesOnlyInTheEditorsTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		tl := fmt.Sprintf("/api/v1/claims/%d/timeline", f.claim.ID)
		res, body := apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/notes", f.claim.ID), `{"text":"Call the clerk back"}`, f.editorA, nil)
		wantStatus(t, "add note", res, body, http.StatusCreated)

		for _, who := range []struct {
			name   string
			cookie bool
		}{{"reader", false}, {"editor without all=1", true}} {
			var c = f.editorA
			if !who.cookie {
				c = nil
			}
			res, body = apiReq(t, f.h, "GET", tl, "", c, nil)
			wantStatus(t, who.name, res, body, http.StatusOK)
			if strings.Contains(body, "Call the clerk back") || strings.Contains(body, "note_added") {
				t.Errorf("%s: public timeline shows the internal note: %s", who.name, body)
			}
		}
		res, body = apiReq(t, f.h, "GET", tl+"?all=1", "", nil, nil)
		wantStatus(t, "reader asking for all=1", res, body, http.StatusUnauthorized)
		res, body = apiReq(t, f.h, "GET", tl+"?all=1", "", f.editorB, nil)
		wantStatus(t, "editor asking for all=1", res, body, http.StatusOK)
		if !strings.Contains(body, "Call the clerk back") {
			t.Errorf("editor timeline lacks the note: %s", body)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("editor timeline Cache-Control %q", cc)
		}
		_, page := apiReq(t, f.h, "GET", fmt.Sprintf("/claims/%d", f.claim.ID), "", nil, nil)
		checkPage(t, "the claim page", parse(t, page), nil, nil, []string{"Call the clerk back"})
	})
}

func TestWriteAPI_SourcesReuseKnownURLsUnlinkKeepsRecordAndDraftSourcesStayPrivate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		other := must(f.svc.AddClaim(t.Context(), claims.ActorDemo, f.story.ID, claims.NewClaim{Text: "Turnout was high"}))(t)
		link := func(claimID int64, url string) api.SourceLink {
			t.Helper()
			res, body := apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/sources", claimID),
				`{"url":"`+url+`","outlet":"Gazette","outlet_kind":"independent","stance":"supports","id":999,"source_id":999}`, f.editorA, nil)
			wantStatus(t, "link", res, body, http.StatusCreated)
			return decode[api.SourceLink](t, body)
		}
		first := link(f.claim.ID, "https://Gazette.example/vote?utm_source=mail#top")
		second := link(other.ID, "https://gazette.example/vote")
		if first.SourceID == 0 || first.SourceID == 999 || second.SourceID != first.SourceID || first.Source.URL != "https://gazette.example/vote" {
			t.Fatalf("links %+v and %+v: want one normalised source reused", first, second)
		}
		src := fmt.Sprintf("/api/v1/sources/%d", first.SourceID)
		if res, body := apiReq(t, f.h, "GET", src, "", nil, nil); res.StatusCode != 200 {
			t.Fatalf("public source: %d %s", res.StatusCode, body)
		}

		for _, c := range []int64{f.claim.ID, other.ID} {
			res, body := apiReq(t, f.h, "DELETE", fmt.Sprintf("/api/v1/claims/%d/sources/%d", c, first.SourceID), "", f.editorA, nil)
			wantStatus(t, "unlink", res, body, http.StatusNoContent)
		}
		res, body := apiReq(t, f.h, "DELETE", fmt.Sprintf("/api/v1/claims/%d/sources/%d", f.claim.ID, first.SourceID), "", f.editorA, nil)
		wantStatus(t, "unlink again", res, body, http.StatusNotFound)
		if got := must(db.SourceByID(t.Context(), first.SourceID))(t); got.URL != "https://gazette.example/vote" {
			t.Fatalf("unlinked source was deleted or changed: %+v", got)
		}
		evs := must(db.Events(t.Context(), claims.EventQuery{ClaimID: f.claim.ID}))(t)
		if evs[0].Kind != claims.EventSourceUnlinked || !evs[0].Public {
			t.Fatalf("newest event %+v, want a public source_unlinked", evs[0])
		}
		if res, _ := apiReq(t, f.h, "GET", src, "", nil, nil); res.StatusCode != 404 {
			t.Fatalf("a source linked to no published claim: status %d, want 404", res.StatusCode)
		}

		draft := must(f.svc.CreateStory(t.Context(), claims.ActorDemo, claims.NewStory{Slug: "draft", Title: "Draft"}))(t)
		dc := must(f.svc.AddClaim(t.Context(), claims.ActorDemo, draft.ID, claims.NewClaim{Text: "Draft claim"}))(t)
		ds := link(dc.ID, "https://leak.example/scoop")
		if res, _ := apiReq(t, f.h, "GET", fmt.Sprintf("/api/v1/sources/%d", ds.SourceID), "", nil, nil); res.StatusCode != 404 {
			t.Fatalf("a draft's source: status %d, want 404", res.StatusCode)
		}
	})
}
