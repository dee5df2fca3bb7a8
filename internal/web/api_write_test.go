package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// writeFixture is a server with accounts over a real database, two signed-in
// editors, and a published story with one claim.
type writeFixture struct {
	db      *store.DB
	h       http.Handler
	svc     *claims.Service
	auth    *auth.Service
	editorA *http.Cookie
	editorB *http.Cookie
	story   *claims.Story
	claim   *claims.Claim
}

func newWriteFixture(t *testing.T, db *store.DB) *writeFixture {
	t.Helper()
	_, h, csvc, asvc := newTestServer(t, db)
	f := &writeFixture{db: db, h: h, svc: csvc, auth: asvc}
	f.editorA = loginAs(t, h, asvc, auth.RoleEditor)
	f.editorB = loginAs(t, h, asvc, auth.RoleEditor)
	ctx := context.Background()
	f.story = must(csvc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "budget-vote", Title: "Budget vote", Published: true}))(t)
	f.claim = must(csvc.AddClaim(ctx, claims.ActorDemo, f.story.ID, claims.NewClaim{Text: "The vote was 52 to 48"}))(t)
	return f
}

// user returns who a session cookie signs in.
func (f *writeFixture) user(t *testing.T, cookie *http.Cookie) *auth.User {
	t.Helper()
	u, _, err := f.auth.SessionUser(context.Background(), cookie.Value)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// apiReq sends a same-origin JSON request (as the site's own pages or an
// API client would) with the session cookie, if any, and extra headers.
func apiReq(t *testing.T, h http.Handler, method, target, body string, cookie *http.Cookie, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", testOrigin)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res := serve(h, req)
	return res, readAll(t, res.Body)
}

// wantStatus fails unless res has status want.
func wantStatus(t *testing.T, what string, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, want, body)
	}
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

// writeRoute is one state-changing route with a body that would succeed.
type writeRoute struct {
	method, path, body string
	admin              bool
}

func (f *writeFixture) writeRoutes() []writeRoute {
	c := f.claim.ID
	return []writeRoute{
		{"POST", "/api/v1/stories", `{"title":"New story","summary":"s"}`, false},
		{"PATCH", "/api/v1/stories/budget-vote", `{"title":"Renamed","version":1}`, false},
		{"POST", "/api/v1/stories/budget-vote/claims", `{"text":"Another claim"}`, false},
		{"PATCH", fmt.Sprintf("/api/v1/claims/%d", c), `{"text":"Reworded","version":1}`, false},
		{"POST", fmt.Sprintf("/api/v1/claims/%d/evidence", c), `{"summary":"Minutes","stance":"supports"}`, false},
		{"POST", fmt.Sprintf("/api/v1/claims/%d/sources", c), `{"url":"https://a.example/x","outlet":"A","outlet_kind":"wire","stance":"supports"}`, false},
		{"DELETE", fmt.Sprintf("/api/v1/claims/%d/sources/1", c), ``, false},
		{"POST", fmt.Sprintf("/api/v1/claims/%d/withdraw", c), `{"note":"mistake"}`, false},
		{"POST", "/api/v1/evidence/1/withdraw", `{"note":"mistake"}`, false},
		{"POST", fmt.Sprintf("/api/v1/claims/%d/notes", c), `{"text":"internal"}`, false},
		{"POST", "/api/v1/review/1/reviewed", ``, false},
		{"POST", "/api/v1/review/1/accept", `{}`, false},
		{"POST", "/api/v1/review/1/dismiss", ``, false},
		{"POST", "/api/v1/sources/1/recheck", ``, false},
		{"PUT", fmt.Sprintf("/api/v1/claims/%d/watches", c), `{"version":0,"phrases":["authenticated"]}`, false},
		{"POST", "/api/v1/users", `{"email":"x@newsroom.example","name":"X","role":"editor","password":"` + testPassword + `"}`, true},
		{"POST", "/api/v1/users/1/disable", ``, true},
	}
}

// TestWriteAPI_AccessTable runs every write route anonymously (401), as an
// editor on admin routes (403), and cross-site from a browser with a valid
// session (403), and checks that none of them wrote anything.
func TestWriteAPI_AccessTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		// counts reads, through the store, everything a write route could
		// have added or changed.
		counts := func() string {
			ctx := context.Background()
			stories := must(db.CountStories(ctx))(t)
			events := must(db.Events(ctx, claims.EventQuery{Page: claims.Page{Limit: claims.MaxPageLimit}}))(t)
			items := must(db.ReviewItems(ctx, claims.ReviewQuery{Page: claims.Page{Limit: claims.MaxPageLimit}}))(t)
			users := must(f.auth.UserCount(ctx))(t)
			cl := must(db.ClaimByID(ctx, f.claim.ID))(t)
			st := must(db.StoryBySlug(ctx, "budget-vote"))(t)
			return fmt.Sprintf("stories %d, events %d, review items %d, users %d, claim v%d withdrawn=%v, story v%d",
				stories, len(events), len(items), users, cl.Version, cl.Withdrawn, st.Version)
		}
		before := counts()
		crossSite := []struct {
			name string
			hdr  map[string]string
		}{
			{"foreign Origin", map[string]string{"Origin": "https://evil.example"}},
			{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": ""}},
		}
		for _, r := range f.writeRoutes() {
			t.Run(r.method+" "+r.path, func(t *testing.T) {
				res, body := apiReq(t, f.h, r.method, r.path, r.body, nil, nil)
				wantStatus(t, "anonymous", res, body, http.StatusUnauthorized)
				if e := decode[apiErrorBody](t, body); e.Error.Code != claims.EUNAUTHORIZED {
					t.Errorf("anonymous: code %q", e.Error.Code)
				}
				if r.admin {
					res, body = apiReq(t, f.h, r.method, r.path, r.body, f.editorA, nil)
					wantStatus(t, "editor on an admin route", res, body, http.StatusForbidden)
				}
				for _, cs := range crossSite {
					res, body = apiReq(t, f.h, r.method, r.path, r.body, f.editorA, cs.hdr)
					wantStatus(t, cs.name+" with a session", res, body, http.StatusForbidden)
				}
			})
		}
		if after := counts(); after != before {
			t.Errorf("refused requests wrote: before %s; after %s", before, after)
		}
	})
}

func TestWriteAPI_InjectedIDsVersionsAuthorsAndTimestampsAreIgnored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, body := apiReq(t, f.h, "POST", "/api/v1/stories",
			`{"title":"Injected","summary":"s","id":4242,"version":99,"revision":7,"created_by":1,"created_at":"2001-01-01T00:00:00Z"}`, f.editorA, nil)
		wantStatus(t, "create story", res, body, http.StatusCreated)
		st := decode[api.StoryRecord](t, body)
		if st.ID == 4242 || st.Version != 1 || st.CreatedAt.Year() == 2001 || st.Published {
			t.Fatalf("created story %+v took injected fields (or was published)", st)
		}

		res, body = apiReq(t, f.h, "POST", "/api/v1/stories/injected/claims",
			`{"text":"A claim","id":4242,"version":50,"story_id":1,"position":9,"created_by":1,"withdrawn":true}`, f.editorA, nil)
		wantStatus(t, "create claim", res, body, http.StatusCreated)
		cl := decode[api.ClaimRecord](t, body)
		if cl.ID == 4242 || cl.Version != 1 || cl.StoryID != st.ID || cl.Withdrawn || cl.Position != 1 {
			t.Fatalf("created claim %+v took injected fields", cl)
		}

		res, body = apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", cl.ID),
			`{"text":"Reworded","version":1,"id":1,"story_id":1,"created_at":"2001-01-01T00:00:00Z","actor":"Someone else","actor_id":1}`, f.editorA, nil)
		wantStatus(t, "patch claim", res, body, http.StatusOK)
		got := must(db.ClaimByID(context.Background(), cl.ID))(t)
		if got.Text != "Reworded" || got.StoryID != st.ID || got.CreatedAt.Year() == 2001 || got.Version != 2 {
			t.Fatalf("patched claim %+v", got)
		}
		if res.Header.Get("ETag") != `"2"` {
			t.Errorf("ETag %q, want \"2\"", res.Header.Get("ETag"))
		}
		evs := must(db.Events(context.Background(), claims.EventQuery{ClaimID: cl.ID}))(t)
		a := f.user(t, f.editorA)
		if evs[0].Kind != claims.EventClaimEdited || evs[0].Actor != a.Name || evs[0].ActorID == nil || *evs[0].ActorID != a.ID {
			t.Fatalf("edit event %+v: author must be the signed-in editor", evs[0])
		}

		res, body = apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/evidence", cl.ID),
			`{"summary":"Minutes","stance":"supports","id":4242,"actor":"Mallory","withdrawn":true}`, f.editorA, nil)
		wantStatus(t, "add evidence", res, body, http.StatusCreated)
		ev := decode[api.Evidence](t, body)
		if ev.ID == 4242 || ev.Actor == "Mallory" || ev.Withdrawn {
			t.Fatalf("evidence %+v took injected fields", ev)
		}
	})
}

func TestWriteAPI_PublishedOnlyWhenAsked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, body := apiReq(t, f.h, "POST", "/api/v1/stories", `{"title":"Out now","summary":"s","slug":"out-now","published":true}`, f.editorA, nil)
		wantStatus(t, "create", res, body, http.StatusCreated)
		if !decode[api.StoryRecord](t, body).Published {
			t.Fatal("published:true story is not published")
		}
		if res, body := apiReq(t, f.h, "GET", "/api/v1/stories/out-now", "", nil, nil); res.StatusCode != 200 {
			t.Fatalf("public GET of a published story: %d %s", res.StatusCode, body)
		}
		res, body = apiReq(t, f.h, "PATCH", "/api/v1/stories/out-now", `{"published":false}`, f.editorA, map[string]string{"If-Match": `"1"`})
		wantStatus(t, "unpublish", res, body, http.StatusOK)
		if res, _ := apiReq(t, f.h, "GET", "/api/v1/stories/out-now", "", nil, nil); res.StatusCode != 404 {
			t.Fatalf("public GET of an unpublished story: %d", res.StatusCode)
		}
	})
}

func TestWriteAPI_BadRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		claimURL := fmt.Sprintf("/api/v1/claims/%d", f.claim.ID)
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
			inMessage                string
		}{
			{"malformed JSON", "POST", "/api/v1/stories", `{"title":`, 400, "body", ""},
			{"wrong JSON type", "POST", "/api/v1/stories", `{"title":5}`, 400, "body", ""},
			{"empty body", "POST", "/api/v1/stories", ``, 400, "body", ""},
			{"body over 1 MiB", "POST", "/api/v1/stories", `{"title":"` + strings.Repeat("x", httpx.MaxBodyBytes) + `"}`, 413, "", ""},
			{"status change without a note", "PATCH", claimURL, `{"status":"confirmed","version":1}`, 422, "note", ""},
			{"unknown status", "PATCH", claimURL, `{"status":"probably_true","note":"n","version":1}`, 422, "status", "confirmed"},
			{"no version", "PATCH", claimURL, `{"text":"x"}`, 422, "version", ""},
			{"javascript: source", "POST", claimURL + "/sources", `{"url":"javascript:alert(1)","outlet":"A","outlet_kind":"wire","stance":"supports"}`, 422, "url", ""},
			{"unknown claim", "PATCH", "/api/v1/claims/999999", `{"text":"x","version":1}`, 404, "", ""},
			{"unknown story", "POST", "/api/v1/stories/nope/claims", `{"text":"x"}`, 404, "", ""},
			{"withdraw without a note", "POST", claimURL + "/withdraw", `{}`, 422, "note", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				res, body := apiReq(t, f.h, tc.method, tc.path, tc.body, f.editorA, nil)
				wantStatus(t, tc.name, res, body, tc.status)
				e := decode[apiErrorBody](t, body)
				if e.Error.Code == "" || e.Error.Message == "" {
					t.Errorf("error body %s", body)
				}
				if tc.field != "" && e.Error.Fields[tc.field] == "" {
					t.Errorf("fields %v do not name %q", e.Error.Fields, tc.field)
				}
				if tc.inMessage != "" && !strings.Contains(e.Error.Message, tc.inMessage) {
					t.Errorf("message %q does not list %q", e.Error.Message, tc.inMessage)
				}
			})
		}
		got := must(db.ClaimByID(context.Background(), f.claim.ID))(t)
		if got.Version != 1 || got.Status != f.claim.Status || got.Withdrawn {
			t.Fatalf("refused requests changed the claim: %+v", got)
		}
	})
}

func TestWriteAPI_BearerTokenAuthenticatesWithoutOrigin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		u := createTestUser(t, f.auth, auth.RoleEditor)
		token, _, err := f.auth.CreateToken(context.Background(), u.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		res, body := apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/claims/%d/notes", f.claim.ID), `{"text":"from a script"}`, nil,
			map[string]string{"Authorization": "Bearer " + token, "Origin": ""})
		wantStatus(t, "note by token", res, body, http.StatusCreated)
		if ev := decode[api.Event](t, body); ev.Actor != u.Name || ev.Kind != string(claims.EventNoteAdded) {
			t.Fatalf("note %+v, want kind note_added by %s", ev, u.Name)
		}
	})
}

// jsonString returns s encoded for use inside a JSON string literal.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	return string(b[1 : len(b)-1]), nil
}

func TestWriteAPI_EditorReadsNeedAnEditorAndAdminReadsAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		for _, tc := range []struct {
			name   string
			path   string
			cookie *http.Cookie
			want   int
		}{
			{"anonymous review queue", "/api/v1/review", nil, http.StatusUnauthorized},
			{"anonymous user list", "/api/v1/users", nil, http.StatusUnauthorized},
			{"editor on the user list", "/api/v1/users", f.editorA, http.StatusForbidden},
			{"editor review queue", "/api/v1/review", f.editorA, http.StatusOK},
		} {
			res, body := apiReq(t, f.h, "GET", tc.path, "", tc.cookie, nil)
			wantStatus(t, tc.name, res, body, tc.want)
		}
	})
}

func TestWriteAPI_ReviewByDateMakesTheClaimDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		url := fmt.Sprintf("/api/v1/claims/%d", f.claim.ID)
		res, body := apiReq(t, f.h, "PATCH", url, `{"review_by":"2020-01-02","version":1}`, f.editorA, nil)
		wantStatus(t, "set review_by", res, body, http.StatusOK)
		if rec := decode[api.ClaimRecord](t, body); rec.ReviewBy == nil || rec.ReviewBy.Format("2006-01-02") != "2020-01-02" {
			t.Fatalf("review_by = %v", rec.ReviewBy)
		}
		due := must(f.svc.ClaimsDueForReview(context.Background(), time.Now()))(t)
		if len(due) != 1 || due[0].ID != f.claim.ID {
			t.Fatalf("due claims %+v, want the claim", due)
		}
		res, body = apiReq(t, f.h, "PATCH", url, `{"review_by":"","version":2}`, f.editorA, nil)
		wantStatus(t, "clear review_by", res, body, http.StatusOK)
		if rec := decode[api.ClaimRecord](t, body); rec.ReviewBy != nil {
			t.Fatalf("review_by not cleared: %v", rec.ReviewBy)
		}
		res, body = apiReq(t, f.h, "PATCH", url, `{"review_by":"next week","version":3}`, f.editorA, nil)
		wantStatus(t, "bad review_by", res, body, http.StatusUnprocessableEntity)
	})
}
