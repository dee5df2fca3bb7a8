package reader

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// fakeClaims holds claim 5 of the published story "The water bill".
type fakeClaims struct{}

func (fakeClaims) ClaimPage(_ context.Context, id int64, _ claims.ClaimView) (*claims.ClaimDetail, error) {
	if id != 5 {
		return nil, claims.Errorf(claims.ENOTFOUND, "claim not found")
	}
	return &claims.ClaimDetail{Claim: claims.Claim{ID: 5, StoryID: 1, Text: "The bill doubles prices", Status: "unverified"},
		Story: claims.Story{ID: 1, Slug: "water-bill", Title: "The water bill", Published: true}}, nil
}

func (fakeClaims) SourceNotes(context.Context, []claims.Source) (claims.SourceNotes, error) {
	return claims.SourceNotes{}, nil
}

func (fakeClaims) ReviewOf(*claims.ClaimDetail) (*claims.Review, bool) { return nil, false }

func claimServer(t *testing.T, editor bool) *pagetest.Server {
	t.Helper()
	s, _ := claimServerCache(t, editor)
	return s
}

// claimServerCache is claimServer with the page cache it keeps pages in.
func claimServerCache(t *testing.T, editor bool) (*pagetest.Server, fakeCache) {
	t.Helper()
	cache := fakeCache{}
	h := &Handler{Chrome: pagetest.Chrome(), Claims: fakeClaims{}, Pages: cache, Alerts: true,
		Now: func() time.Time { return time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC) }}
	s := pagetest.New(nil)
	if editor {
		s.User = pagetest.Editor
	}
	s.GET("/claims/:id", h.ClaimShow)
	return s, cache
}

func TestClaimShow_ReadersNewestPageIsKeptAndEditorsAndEarlierPagesAreNot(t *testing.T) {
	s, cache := claimServerCache(t, false)
	s.Do(t, http.MethodGet, "/claims/5?before=3", nil)
	if len(cache) != 0 {
		t.Errorf("an earlier page of the timeline was kept under %v", slices.Collect(maps.Keys(cache)))
	}
	s.Do(t, http.MethodGet, "/claims/5", nil)
	if cache[ClaimKey(5)] == nil {
		t.Errorf("a reader's claim page was not kept under %q: %v", ClaimKey(5), slices.Collect(maps.Keys(cache)))
	}
	s, cache = claimServerCache(t, true)
	if w := s.Do(t, http.MethodGet, "/claims/5", nil); w.Code != http.StatusOK || len(cache) != 0 {
		t.Errorf("an editor's claim page: %d, kept under %v; want 200 and nothing kept", w.Code, slices.Collect(maps.Keys(cache)))
	}
}

func TestClaimShow_AnswersForClaimsThatExist(t *testing.T) {
	s := claimServer(t, false)
	for target, want := range map[string]int{"/claims/5": http.StatusOK, "/claims/6": http.StatusNotFound, "/claims/five": http.StatusBadRequest, "/claims/5?before=x": http.StatusNotFound} {
		if w := s.Do(t, http.MethodGet, target, nil); w.Code != want {
			t.Errorf("GET %s = %d, want %d", target, w.Code, want)
		}
	}
}

func TestClaimShow_ReadersGetTheFollowFormAndEditorsTheDeskStrip(t *testing.T) {
	w := claimServer(t, false).Do(t, http.MethodGet, "/claims/5", nil)
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "h1"); got != "The bill doubles prices" {
		t.Errorf("heading = %q", got)
	}
	if d.Find("form#follow").Length() != 1 || d.Find(".desk-strip").Length() != 0 {
		t.Error("a reader should get the follow form and no desk strip")
	}
	if got := w.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("reader's Cache-Control = %q, want no-cache", got)
	}

	w = claimServer(t, true).Do(t, http.MethodGet, "/claims/5", nil)
	d = pagetest.Doc(t, w)
	if got, _ := d.Find(".desk-strip .desk-links a").First().Attr("href"); got != "/editor/claims/5" {
		t.Errorf("desk strip's edit link = %q, want /editor/claims/5", got)
	}
	if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("editor's Cache-Control = %q, want private, no-store", got)
	}
}
