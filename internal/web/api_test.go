package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// getJSON GETs url, checks the status, and decodes the body into v.
func getJSON(t *testing.T, f *fixture, url string, status int, v any) http.Header {
	t.Helper()
	res := f.do(t, http.MethodGet, url, nil)
	body := readAll(t, res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", url, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", url, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
	return res.Header
}

type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func TestAPI_Errors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cases := []struct {
			name   string
			url    string
			status int
			code   string
			field  string
		}{
			{"unknown story", "/api/v1/stories/no-such-story", 404, "not_found", ""},
			{"draft story", "/api/v1/stories/draft-story", 404, "not_found", ""},
			{"claim of a draft story", fmt.Sprintf("/api/v1/claims/%d", f.hidden.ID), 404, "not_found", ""},
			{"timeline of a draft story's claim", fmt.Sprintf("/api/v1/claims/%d/timeline", f.hidden.ID), 404, "not_found", ""},
			{"unknown claim", "/api/v1/claims/999999", 404, "not_found", ""},
			{"malformed claim id", "/api/v1/claims/abc", 400, "invalid", "id"},
			{"negative claim id", "/api/v1/claims/-4", 400, "invalid", "id"},
			{"malformed source id", "/api/v1/sources/1x", 400, "invalid", "id"},
			{"unknown source", "/api/v1/sources/999999", 404, "not_found", ""},
			{"malformed limit", "/api/v1/stories?limit=ten", 400, "invalid", "limit"},
			{"malformed cursor", "/api/v1/stories?before=abc", 400, "invalid", "before"},
			{"unknown API path", "/api/v1/nothing/here", 404, "not_found", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var body apiErrorBody
				getJSON(t, f, tc.url, tc.status, &body)
				if body.Error.Code != tc.code || body.Error.Message == "" {
					t.Errorf("error = %+v, want code %q with a message", body.Error, tc.code)
				}
				if body.Error.Fields == nil {
					t.Error(`"fields" must always be an object`)
				}
				if tc.field != "" && body.Error.Fields[tc.field] == "" {
					t.Errorf("fields = %v, want %q named", body.Error.Fields, tc.field)
				}
			})
		}
	})
}

func TestAPIStory_HasClaimsAndUnresolvedIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var story struct {
			ID      int64  `json:"id"`
			Slug    string `json:"slug"`
			Title   string `json:"title"`
			Version int    `json:"version"`
			Claims  []struct {
				ID              int64      `json:"id"`
				Text            string     `json:"text"`
				Status          string     `json:"status"`
				StatusLabel     string     `json:"status_label"`
				Resolved        bool       `json:"resolved"`
				Version         int        `json:"version"`
				WhatWouldSettle string     `json:"what_would_settle"`
				ResolvedAt      *time.Time `json:"resolved_at"`
			} `json:"claims"`
			UnresolvedClaimIDs []int64 `json:"unresolved_claim_ids"`
		}
		h := getJSON(t, f, "/api/v1/stories/leaked-audio", 200, &story)
		if story.ID != f.story.ID || story.Slug != "leaked-audio" || story.Version != f.story.Version {
			t.Errorf("story = %+v", story)
		}
		if got, want := h.Get("ETag"), `"`+strconv.Itoa(story.Version)+`"`; got != want {
			t.Errorf("ETag %q, want %q", got, want)
		}
		if len(story.Claims) != 3 {
			t.Fatalf("%d claims, want 3 (the withdrawn one left out)", len(story.Claims))
		}
		want := []int64{f.open.ID, f.stale.ID}
		if fmt.Sprint(story.UnresolvedClaimIDs) != fmt.Sprint(want) {
			t.Errorf("unresolved_claim_ids = %v, want %v", story.UnresolvedClaimIDs, want)
		}
		for _, c := range story.Claims {
			switch c.ID {
			case f.settled.ID:
				if c.Status != "confirmed" || c.StatusLabel != "Confirmed" || !c.Resolved || c.ResolvedAt == nil || c.ResolvedAt.Location() != time.UTC {
					t.Errorf("settled claim = %+v", c)
				}
				if c.Version != f.settled.Version {
					t.Errorf("settled claim version %d, want %d", c.Version, f.settled.Version)
				}
			case f.open.ID:
				if c.Status != "disputed" || c.Resolved || c.ResolvedAt != nil || c.WhatWouldSettle != "Independent forensic analysis of the recording" {
					t.Errorf("open claim = %+v", c)
				}
			}
		}
	})
}

func TestAPIClaim_HasEvidenceAndLinkedSources(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var claim struct {
			ID       int64 `json:"id"`
			Version  int   `json:"version"`
			Evidence []struct {
				ID      int64  `json:"id"`
				Summary string `json:"summary"`
				Stance  string `json:"stance"`
			} `json:"evidence"`
			Sources []struct {
				ID            int64      `json:"id"`
				URL           string     `json:"url"`
				Outlet        string     `json:"outlet"`
				OutletKind    string     `json:"outlet_kind"`
				Title         string     `json:"title"`
				State         string     `json:"state"`
				Stance        string     `json:"stance"`
				LastCheckedAt *time.Time `json:"last_checked_at"`
			} `json:"sources"`
		}
		h := getJSON(t, f, fmt.Sprintf("/api/v1/claims/%d", f.open.ID), 200, &claim)
		if claim.ID != f.open.ID || h.Get("ETag") != `"`+strconv.Itoa(claim.Version)+`"` {
			t.Errorf("claim %d version %d with ETag %q", claim.ID, claim.Version, h.Get("ETag"))
		}
		if len(claim.Evidence) != 1 || claim.Evidence[0].Stance != "disputes" || claim.Evidence[0].ID == 0 {
			t.Errorf("evidence = %+v", claim.Evidence)
		}
		if len(claim.Sources) != 2 {
			t.Fatalf("sources = %+v", claim.Sources)
		}
		stances := map[string]string{}
		for _, s := range claim.Sources {
			if s.ID == 0 || s.State != "unchecked" || s.LastCheckedAt != nil {
				t.Errorf("source = %+v", s)
			}
			stances[s.URL] = s.Stance + "/" + s.OutletKind
		}
		if stances["https://news.example.com/audio"] != "supports/independent" || stances["https://wire.example.com/story"] != "disputes/wire" {
			t.Errorf("sources by URL = %v (URLs normalised, stance and kind kept)", stances)
		}

		var src struct {
			ID     int64  `json:"id"`
			URL    string `json:"url"`
			Outlet string `json:"outlet"`
		}
		getJSON(t, f, fmt.Sprintf("/api/v1/sources/%d", f.source.ID), 200, &src)
		if src.ID != f.source.ID || src.URL != "https://news.example.com/audio" {
			t.Errorf("source = %+v", src)
		}
	})
}

type pageOf[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func TestAPIStoryList_PagesWithNextCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i := range 2 {
			must(f.svc.CreateStory(t.Context(), editor, claims.NewStory{Slug: fmt.Sprintf("more-%d", i), Title: fmt.Sprintf("More %d", i), Published: true}))(t)
		}
		type item struct {
			ID              int64  `json:"id"`
			Slug            string `json:"slug"`
			UnresolvedCount int    `json:"unresolved_count"`
			ResolvedCount   int    `json:"resolved_count"`
		}
		var seen []string
		url := "/api/v1/stories?limit=2"
		for pages := 0; ; pages++ {
			if pages > 3 {
				t.Fatal("paging does not end")
			}
			var p pageOf[item]
			getJSON(t, f, url, 200, &p)
			for _, it := range p.Items {
				seen = append(seen, it.Slug)
				if it.Slug == "leaked-audio" && (it.UnresolvedCount != 2 || it.ResolvedCount != 1) {
					t.Errorf("counts = %+v", it)
				}
			}
			if p.Next == nil {
				break
			}
			if len(p.Items) != 2 {
				t.Errorf("a page with a next cursor holds %d items, want 2", len(p.Items))
			}
			url = "/api/v1/stories?limit=2&before=" + *p.Next
		}
		if fmt.Sprint(seen) != "[more-1 more-0 leaked-audio]" {
			t.Errorf("stories over all pages = %v, want newest first without the draft", seen)
		}
	})
}

func TestAPIClaimTimeline_PagesNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		type event struct {
			ID         int64     `json:"id"`
			At         time.Time `json:"at"`
			Kind       string    `json:"kind"`
			FromStatus string    `json:"from_status"`
			ToStatus   string    `json:"to_status"`
		}
		var first pageOf[event]
		getJSON(t, f, fmt.Sprintf("/api/v1/claims/%d/timeline?limit=2", f.open.ID), 200, &first)
		if len(first.Items) != 2 || first.Next == nil {
			t.Fatalf("first page = %+v", first)
		}
		if first.Items[0].Kind != "source_linked" || first.Items[0].ID < first.Items[1].ID {
			t.Errorf("first page = %+v, want newest first", first.Items)
		}
		var rest pageOf[event]
		getJSON(t, f, fmt.Sprintf("/api/v1/claims/%d/timeline?limit=2&before=%s", f.open.ID, *first.Next), 200, &rest)
		if len(rest.Items) != 2 || rest.Next != nil {
			t.Fatalf("second page = %+v, want the last two events and no cursor", rest)
		}
		if last := rest.Items[1]; last.Kind != "claim_created" || last.ToStatus != "disputed" || last.At.Location() != time.UTC {
			t.Errorf("oldest event = %+v", last)
		}
	})
}
