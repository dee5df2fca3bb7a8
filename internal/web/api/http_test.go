package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// The API's routes these tests call, as routes.go registers them.
var (
	claimShow       = route{http.MethodGet, "/api/v1/claims/:id", (*Handler).ClaimShow, nil}
	claimUpdate     = route{http.MethodPatch, "/api/v1/claims/:id", (*Handler).ClaimUpdate, httpx.RequireEditor}
	claimTimeline   = route{http.MethodGet, "/api/v1/claims/:id/timeline", (*Handler).ClaimTimeline, nil}
	storyList       = route{http.MethodGet, "/api/v1/stories", (*Handler).StoryList, nil}
	storyCreate     = route{http.MethodPost, "/api/v1/stories", (*Handler).StoryCreate, httpx.RequireEditor}
	reviewList      = route{http.MethodGet, "/api/v1/review", (*Handler).ReviewList, httpx.RequireEditor}
	userList        = route{http.MethodGet, "/api/v1/users", (*Handler).UserList, httpx.RequireAdmin}
	searchList      = route{http.MethodGet, "/api/v1/search", (*Handler).SearchList, nil}
	matchCreate     = route{http.MethodPost, "/api/v1/match", (*Handler).MatchCreate, nil}
	sourceRecheck   = route{http.MethodPost, "/api/v1/sources/:id/recheck", (*Handler).SourceRecheck, httpx.RequireEditor}
	storyImport     = route{http.MethodPost, "/api/v1/import", (*Handler).Import, httpx.RequireEditor}
	claimReviewList = route{http.MethodGet, "/api/v1/claimreview", (*Handler).ClaimReviewList, nil}
)

// errorAnswer is the JSON of every API error.
type errorAnswer struct {
	Error struct {
		Code   string            `json:"code"`
		Fields map[string]string `json:"fields"`
	} `json:"error"`
	Current *struct {
		Version int `json:"version"`
	} `json:"current"`
}

func TestAPI_AnswersBadRequestsWithTheirStatusAndCode(t *testing.T) {
	patch := func(body string) request { return request{target: "/api/v1/claims/7", body: body, user: editor} }
	tests := []struct {
		name  string
		route route
		req   request
		// status, code and field are the answer: its status, its error
		// code and the field named at fault ("" for none).
		status      int
		code, field string
	}{
		{"a word for an id", claimShow, request{target: "/api/v1/claims/seven"}, 400, "invalid", "id"},
		{"a zero id", claimShow, request{target: "/api/v1/claims/0"}, 400, "invalid", "id"},
		{"an id of nothing", claimShow, request{target: "/api/v1/claims/8"}, 404, "not_found", ""},
		{"a limit of zero", storyList, request{target: "/api/v1/stories?limit=0"}, 400, "invalid", "limit"},
		{"a cursor that is no number", storyList, request{target: "/api/v1/stories?before=x"}, 400, "invalid", "before"},
		{"malformed JSON", claimUpdate, patch(`{"status":`), 400, "invalid", "body"},
		{"a field of the wrong type", claimUpdate, patch(`{"status":5,"version":3}`), 400, "invalid", "body"},
		{"no body", claimUpdate, patch(""), 400, "invalid", "body"},
		{"a body over 1 MiB", claimUpdate, patch(`{"note":"` + strings.Repeat("x", httpx.MaxBodyBytes) + `"}`), 413, "invalid", ""},
		{"an unknown status", claimUpdate, patch(`{"status":"probably","note":"n","version":3}`), 422, "invalid", "status"},
		{"no version", claimUpdate, patch(`{"status":"confirmed","note":"n"}`), 422, "invalid", "version"},
		{"a review date that is no date", claimUpdate, patch(`{"review_by":"soon","version":3}`), 422, "invalid", "review_by"},
		{"an If-Match that is no version", claimUpdate, request{target: "/api/v1/claims/7", body: `{"note":"n"}`, user: editor,
			header: map[string]string{"If-Match": `"three"`}}, 400, "invalid", "If-Match"},
		{"a write to nothing", claimUpdate, request{target: "/api/v1/claims/8", body: `{"note":"n","version":3}`, user: editor}, 404, "not_found", ""},
		{"a write without signing in", storyCreate, request{target: "/api/v1/stories", body: `{"title":"t"}`}, 401, "unauthorized", ""},
		{"the editors' timeline without signing in", claimTimeline, request{target: "/api/v1/claims/7/timeline?all=1"}, 401, "unauthorized", ""},
		{"the review queue without signing in", reviewList, request{target: "/api/v1/review"}, 401, "unauthorized", ""},
		{"the users by an editor", userList, request{target: "/api/v1/users", user: editor}, 403, "forbidden", ""},
		{"search on a server without it", searchList, request{target: "/api/v1/search?q=x"}, 503, "internal", ""},
		{"match on a server without search", matchCreate, request{target: "/api/v1/match", body: `{"text":"x"}`}, 503, "internal", ""},
		{"a re-check on a server without the re-checker", sourceRecheck, request{target: "/api/v1/sources/3/recheck", user: editor}, 503, "internal", ""},
		{"a story file as JSON", storyImport, request{target: "/api/v1/import", body: `{}`, user: editor}, 415, "invalid", "Content-Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newHandler()
			w := serve(t, h, tt.route, tt.req)
			var got errorAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("%d, not JSON (%v): %s", w.Code, err, w.Body)
			}
			if w.Code != tt.status || got.Error.Code != tt.code {
				t.Errorf("%d %q, want %d %q: %s", w.Code, got.Error.Code, tt.status, tt.code, w.Body)
			}
			if _, named := got.Error.Fields[tt.field]; tt.field != "" && !named {
				t.Errorf("fields %v do not name %q", got.Error.Fields, tt.field)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestAPI_StaleEditsAnswerConflictWithTheClaimAsItStands(t *testing.T) {
	tests := []struct {
		name   string
		req    request
		status int
	}{
		{"a stale version in the body", request{body: `{"note":"n","version":2}`}, http.StatusConflict},
		{"a stale If-Match", request{body: `{"note":"n"}`, header: map[string]string{"If-Match": `"2"`}}, http.StatusPreconditionFailed},
		{"a weak stale If-Match", request{body: `{"note":"n"}`, header: map[string]string{"If-Match": `W/"2"`}}, http.StatusPreconditionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newHandler()
			tt.req.target, tt.req.user = "/api/v1/claims/7", editor
			w := serve(t, h, claimUpdate, tt.req)
			var got errorAnswer
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != tt.status || got.Error.Code != "conflict" {
				t.Fatalf("%d (%v), want %d conflict: %s", w.Code, err, tt.status, w.Body)
			}
			if got.Current == nil || got.Current.Version != fakeClaim.Version {
				t.Errorf("current = %+v, want the claim at version %d", got.Current, fakeClaim.Version)
			}
		})
	}
}

func TestAPI_AnswersCarryTheirCachingHeaders(t *testing.T) {
	tests := []struct {
		name   string
		route  route
		req    request
		status int
		// cache and etag are the Cache-Control and ETag wanted ("" none).
		cache, etag string
	}{
		{"a published claim", claimShow, request{target: "/api/v1/claims/7"}, 200, "no-cache", `"3"`},
		{"the list of stories", storyList, request{target: "/api/v1/stories"}, 200, "no-cache", ""},
		{"an edited claim, at its new version", claimUpdate,
			request{target: "/api/v1/claims/7", body: `{"status":"confirmed","note":"Two labs agree","version":3}`, user: editor}, 200, "no-cache", `"4"`},
		{"an edit by If-Match", claimUpdate,
			request{target: "/api/v1/claims/7", body: `{"note":"n"}`, header: map[string]string{"If-Match": `"3"`}, user: editor}, 200, "no-cache", `"4"`},
		{"a new story", storyCreate, request{target: "/api/v1/stories", body: `{"title":"New"}`, user: admin}, 201, "no-cache", ""},
		{"the editors' review queue", reviewList, request{target: "/api/v1/review", user: editor}, 200, "private, no-store", ""},
		{"an error", claimShow, request{target: "/api/v1/claims/8"}, 404, "no-cache", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newHandler()
			w := serve(t, h, tt.route, tt.req)
			hdr := w.Header()
			if w.Code != tt.status {
				t.Fatalf("%d, want %d: %s", w.Code, tt.status, w.Body)
			}
			for name, want := range map[string]string{"Content-Type": "application/json; charset=utf-8",
				"X-Content-Type-Options": "nosniff", "Cache-Control": tt.cache, "ETag": tt.etag} {
				if got := hdr.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if !json.Valid(w.Body.Bytes()) {
				t.Errorf("not JSON: %s", w.Body)
			}
		})
	}
}

// TestClaimReviewList_ServesTheCachedPageAndRevalidates: the first page is
// rendered once and then served from the cache, with an ETag a client may
// revalidate against (304, no body), gzipped for clients that take it.
func TestClaimReviewList_ServesTheCachedPageAndRevalidates(t *testing.T) {
	h, svc, _ := newHandler()
	first := serve(t, h, claimReviewList, request{target: "/api/v1/claimreview"})
	etag := first.Header().Get("Etag")
	if first.Code != http.StatusOK || etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("%d, ETag %q, Cache-Control %q", first.Code, etag, first.Header().Get("Cache-Control"))
	}
	again := serve(t, h, claimReviewList, request{target: "/api/v1/claimreview", header: map[string]string{"If-None-Match": etag}})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("revalidating: %d with %d bytes, want 304 without a body", again.Code, again.Body.Len())
	}
	gz := serve(t, h, claimReviewList, request{target: "/api/v1/claimreview", header: map[string]string{"Accept-Encoding": "gzip"}})
	if gz.Code != http.StatusOK || gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("gzip: %d, Content-Encoding %q, Vary %q", gz.Code, gz.Header().Get("Content-Encoding"), gz.Header().Get("Vary"))
	}
	if svc.reviewed != 1 {
		t.Errorf("the reviews were read %d times for three requests, want once", svc.reviewed)
	}
}
