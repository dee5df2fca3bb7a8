package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// searchWorld is a published story about a dam, a draft story and an
// internal note, each holding the word "cracks".
func searchWorld(t *testing.T, csvc *claims.Service) (open, draft *claims.Claim) {
	t.Helper()
	ctx := t.Context()
	dam := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "dam", Title: "The Harlow dam inspection", Summary: "Was the dam safe?",
		Context: []claims.QA{{Question: "Who inspects the dam?", Answer: "The regional water board, which counts cracks yearly."}}, Published: true}))(t)
	open = must(csvc.AddClaim(ctx, editor, dam.ID, claims.NewClaim{Text: "Engineers found cracks in the dam wall.", Status: "disputed"}))(t)
	must(csvc.AddClaim(ctx, editor, dam.ID, claims.NewClaim{Text: "The reservoir was drained in May.", Status: "confirmed"}))(t)
	must(csvc.AddEvidence(ctx, editor, open.ID, claims.NewEvidence{Summary: "The board's report lists no cracks", Stance: "disputes"}))(t)
	must(csvc.AddNote(ctx, editor, open.ID, "Ask the engineers for photos of the cracks"))(t)
	hidden := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "hidden", Title: "Draft", Summary: "Not yet."}))(t)
	draft = must(csvc.AddClaim(ctx, editor, hidden.ID, claims.NewClaim{Text: "The cracks were hidden from inspectors.", Status: "unverified"}))(t)
	return open, draft
}

type searchBody struct {
	Items []struct {
		Kind, Text, Snippet, Status, URL string
		StorySlug                        string `json:"story_slug"`
		ID                               int64
		Resolved                         bool
	} `json:"items"`
	Next *string `json:"next"`
}

func searchJSON(t *testing.T, h http.Handler, target string, cookie *http.Cookie, into any) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	res := serve(h, req)
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(into); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode
}

func TestAPISearch_ReadersFindPublishedContentAndEditorsDraftsAndNotes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, asvc := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)

		var reader searchBody
		if code := searchJSON(t, h, "/api/v1/search?q=crack", nil, &reader); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		kinds := map[string]string{}
		for _, it := range reader.Items {
			kinds[it.Kind] = it.Text
		}
		if len(reader.Items) != 3 || reader.Items[0].Kind != "claim" || reader.Items[0].ID != open.ID ||
			kinds["evidence"] == "" || kinds["fact"] != "Who inspects the dam?" {
			t.Fatalf("reader's results: %+v", reader.Items)
		}
		first := reader.Items[0]
		if first.URL != "https://claims.example.org/claims/"+itoa(open.ID) || first.StorySlug != "dam" || first.Status != "disputed" || first.Resolved {
			t.Fatalf("claim item: %+v", first)
		}

		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		var ed searchBody
		searchJSON(t, h, "/api/v1/search?q=cracks", cookie, &ed)
		found := map[string]bool{}
		for _, it := range ed.Items {
			found[it.Kind+":"+it.Text] = true
		}
		if len(ed.Items) != 5 || !found["claim:"+draft.Text] || !found["note:Ask the engineers for photos of the cracks"] {
			t.Fatalf("editor's results: %+v", ed.Items)
		}

		// Paging: the cursor counts what was shown.
		var p1, p2 searchBody
		searchJSON(t, h, "/api/v1/search?q=cracks&limit=2", nil, &p1)
		if len(p1.Items) != 2 || p1.Next == nil || *p1.Next != "2" {
			t.Fatalf("page 1: %+v next %v", p1.Items, p1.Next)
		}
		searchJSON(t, h, "/api/v1/search?q=cracks&limit=2&before=2", nil, &p2)
		if len(p2.Items) != 1 || p2.Next != nil || p2.Items[0].Text == p1.Items[0].Text || p2.Items[0].Text == p1.Items[1].Text {
			t.Fatalf("page 2: %+v next %v", p2.Items, p2.Next)
		}
		// Filters: a status keeps claims (and their evidence) in it.
		var confirmed searchBody
		searchJSON(t, h, "/api/v1/search?q=reservoir&status=confirmed&story=dam", nil, &confirmed)
		if len(confirmed.Items) != 1 || !confirmed.Items[0].Resolved {
			t.Fatalf("status filter: %+v", confirmed.Items)
		}
		for _, bad := range []string{"/api/v1/search?q=", "/api/v1/search?q=the", "/api/v1/search?q=dam&status=bogus"} {
			if code := searchJSON(t, h, bad, nil, &searchBody{}); code != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", bad, code)
			}
		}
	})
}

func TestSearchPage_ShowsResultsWithFiltersAndIsLinkedFromEveryHeader(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, asvc := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)
		res := serve(h, httptest.NewRequest(http.MethodGet, "/search?q=cracks&story=dam", nil))
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`href="/claims/` + itoa(open.ID) + `">Engineers found cracks in the dam wall.</a>`,
			`<option value="dam" selected>The Harlow dam inspection</option>`, "Evidence", "Context", `href="/search"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, draft.Text) || strings.Contains(body, "photos of the cracks") {
			t.Error("a reader's search shows a draft or a note")
		}
		res = serve(h, httptest.NewRequest(http.MethodGet, "/search?q=zebra", nil))
		if body := readAll(t, res.Body); !strings.Contains(body, "Nothing we track matches “zebra”") {
			t.Errorf("no results: %s", between(t, body, "<main", "</main>"))
		}
		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		req := httptest.NewRequest(http.MethodGet, "/editor", nil)
		req.AddCookie(cookie)
		if body := readAll(t, serve(h, req).Body); !strings.Contains(body, `<form action="/search" method="get" role="search"`) {
			t.Error("the editor dashboard offers no search box")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
