package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

var yamlBody = map[string]string{"Content-Type": "application/yaml"}

type importReportBody struct {
	Slug    string `json:"slug"`
	Created bool   `json:"created"`
	Changed bool   `json:"changed"`
	Changes []struct {
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"changes"`
}

type importRefusedBody struct {
	Error struct {
		Code string `json:"code"`
	} `json:"error"`
	Errors []struct {
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"errors"`
}

// exportBody GETs a story's export with an optional session and returns
// the status and body.
func exportBody(t *testing.T, h http.Handler, slug string, cookie *http.Cookie) (int, string) {
	t.Helper()
	res, body := apiReq(t, h, http.MethodGet, "/api/v1/stories/"+slug+"/export", "", cookie, nil)
	if res.StatusCode == http.StatusOK && res.Header.Get("Content-Type") != "application/yaml; charset=utf-8" {
		t.Errorf("export Content-Type %q", res.Header.Get("Content-Type"))
	}
	return res.StatusCode, body
}

func TestAPIExport_ReadersGetPublishedStoriesEditorsGetDraftsAndWatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		ctx := context.Background()
		if _, err := f.svc.SetWatches(ctx, claims.ActorDemo, f.claim.ID, claims.WatchesInput{Phrases: []string{"recount ordered"}}); err != nil {
			t.Fatal(err)
		}
		must(f.svc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "draft", Title: "A draft"}))(t)

		status, public := exportBody(t, f.h, "budget-vote", nil)
		if status != http.StatusOK || !strings.Contains(public, "text: The vote was 52 to 48") || strings.Contains(public, "recount ordered") {
			t.Errorf("public export = %d:\n%s\nwant the claim without its watches", status, public)
		}
		status, full := exportBody(t, f.h, "budget-vote", f.editorA)
		if status != http.StatusOK || !strings.Contains(full, "- recount ordered") {
			t.Errorf("editor's export = %d:\n%s\nwant the watches", status, full)
		}
		if status, _ := exportBody(t, f.h, "draft", nil); status != http.StatusNotFound {
			t.Errorf("public export of a draft = %d, want 404", status)
		}
		if status, body := exportBody(t, f.h, "draft", f.editorA); status != http.StatusOK || !strings.Contains(body, "published: false") {
			t.Errorf("editor's export of a draft = %d:\n%s", status, body)
		}
		if status, _ := exportBody(t, f.h, "no-such-story", f.editorA); status != http.StatusNotFound {
			t.Errorf("export of an unknown story = %d, want 404", status)
		}
	})
}

func TestAPIImport_EditorImportsThenReimportChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		_, file := exportBody(t, f.h, "budget-vote", f.editorA)
		file = strings.Replace(file, "status: unverified", "status: confirmed", 1)
		file += "  - text: Turnout was the lowest in a decade.\n    status: investigating\n"

		res, body := apiReq(t, f.h, http.MethodPost, "/api/v1/import?name=budget.yaml", file, f.editorA, yamlBody)
		wantStatus(t, "import", res, body, http.StatusOK)
		rep := decode[importReportBody](t, body)
		if rep.Slug != "budget-vote" || rep.Created || !rep.Changed || len(rep.Changes) != 2 {
			t.Fatalf("report = %+v; want two changes", rep)
		}
		cl := must(f.svc.ClaimPage(context.Background(), f.claim.ID, claims.ClaimView{Drafts: true, Internal: true}))(t)
		if cl.Claim.Status != "confirmed" {
			t.Errorf("claim status %s, want confirmed", cl.Claim.Status)
		}
		last := cl.Timeline.Events[len(cl.Timeline.Events)-1]
		if last.Kind != claims.EventStatusChanged || last.Note != "Imported from budget.yaml" || last.Actor != f.user(t, f.editorA).Name {
			t.Errorf("last event = %+v; want the status change by the editor, noted as imported", last)
		}

		_, now := exportBody(t, f.h, "budget-vote", f.editorA)
		// The same file again, as text/plain this time: nothing to do.
		res, body = apiReq(t, f.h, http.MethodPost, "/api/v1/import", now, f.editorB, map[string]string{"Content-Type": "text/plain; charset=utf-8"})
		wantStatus(t, "re-import", res, body, http.StatusOK)
		if rep := decode[importReportBody](t, body); rep.Changed || len(rep.Changes) != 0 {
			t.Errorf("re-import report = %+v; want no changes", rep)
		}
		if _, again := exportBody(t, f.h, "budget-vote", f.editorA); again != now {
			t.Errorf("export changed after re-import:\n%s\n---\n%s", now, again)
		}
	})
}

func TestAPIImport_ABadFileIs422WithTheLineAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		_, before := exportBody(t, f.h, "budget-vote", f.editorA)
		lines := strings.Split(before, "\n")
		for i, l := range lines {
			if strings.Contains(l, "title: Budget vote") {
				lines[i] = "title: Renamed budget vote"
			}
			if strings.Contains(l, "status: unverified") {
				lines[i] = strings.Replace(l, "unverified", "rumoured", 1)
				bad := strings.Join(lines, "\n")
				res, body := apiReq(t, f.h, http.MethodPost, "/api/v1/import", bad, f.editorA, yamlBody)
				wantStatus(t, "bad import", res, body, http.StatusUnprocessableEntity)
				got := decode[importRefusedBody](t, body)
				if got.Error.Code != "invalid" || len(got.Errors) != 1 || got.Errors[0].Line != i+1 || !strings.Contains(got.Errors[0].Message, "rumoured") {
					t.Errorf("422 body = %+v; want line %d naming the status", got, i+1)
				}
				break
			}
		}
		if _, after := exportBody(t, f.h, "budget-vote", f.editorA); after != before {
			t.Errorf("a refused import changed the story:\n%s\n---\n%s", before, after)
		}

		res, body := apiReq(t, f.h, http.MethodPost, "/api/v1/import", "title: T\nsumary: typo\n", f.editorA, yamlBody)
		wantStatus(t, "unknown key", res, body, http.StatusUnprocessableEntity)
		if got := decode[importRefusedBody](t, body); len(got.Errors) != 1 || got.Errors[0].Line != 2 {
			t.Errorf("422 body = %+v; want line 2", got)
		}
		if n := must(db.CountStories(context.Background()))(t); n != 1 {
			t.Errorf("%d stories, want 1", n)
		}
	})
}

func TestAPIImport_AccessAndContentType(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		file := "title: New story\nclaims:\n  - text: Something\n"
		cases := []struct {
			name   string
			cookie *http.Cookie
			hdr    map[string]string
			status int
		}{
			{"anonymous", nil, yamlBody, http.StatusUnauthorized},
			{"a bad token", nil, map[string]string{"Content-Type": "application/yaml", "Authorization": "Bearer ct_wrong"}, http.StatusUnauthorized},
			{"cross-site with a session", f.editorA, map[string]string{"Content-Type": "application/yaml", "Origin": "https://evil.example"}, http.StatusForbidden},
			{"JSON", f.editorA, map[string]string{"Content-Type": "application/json"}, http.StatusUnsupportedMediaType},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, body := apiReq(t, f.h, http.MethodPost, "/api/v1/import", file, tc.cookie, tc.hdr)
				wantStatus(t, tc.name, res, body, tc.status)
			})
		}
		if n := must(db.CountStories(context.Background()))(t); n != 1 {
			t.Errorf("%d stories, want 1: a refused request imported", n)
		}
		big := "title: T\nsummary: " + strings.Repeat("x", 1<<20) + "\n"
		res, body := apiReq(t, f.h, http.MethodPost, "/api/v1/import", big, f.editorA, yamlBody)
		wantStatus(t, "1 MiB file", res, body, http.StatusRequestEntityTooLarge)
	})
}
