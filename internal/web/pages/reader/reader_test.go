package reader

import (
	"context"
	"net/http"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// fakeStories tracks one claim, resting on https://news.example.org/a.
type fakeStories struct{}

func (fakeStories) ListStories(context.Context, bool, claims.Page) ([]claims.StorySummary, error) {
	return nil, nil
}

func (fakeStories) ClaimsForURL(_ context.Context, raw string) ([]claims.URLMatch, error) {
	switch raw {
	case "https://news.example.org/a":
		return []claims.URLMatch{{Claim: claims.Claim{ID: 5, Text: "The bill doubles prices", Status: "open"},
			Story: claims.Story{Title: "The water bill", Slug: "water-bill"}}}, nil
	case "not a url":
		return nil, claims.Errorf(claims.EINVALID, "that is not a web address")
	}
	return nil, nil
}

// fakeSearch refuses an empty query, as the real one does.
type fakeSearch struct{}

func (fakeSearch) Search(_ context.Context, q search.Query) ([]search.Result, bool, error) {
	return nil, false, claims.Errorf(claims.EINVALID, "the query is too short")
}

func (fakeSearch) CanLookUp() bool { return false }

func (fakeSearch) LookUp(context.Context, string, string) (*search.Lookup, error) { return nil, nil }

// allowance lets n lookups through, then none.
type allowance struct{ n int }

func (a *allowance) Allow(string) bool { a.n--; return a.n >= 0 }

func serve(h *Handler) *pagetest.Server {
	s := pagetest.New(nil)
	reads := []string{http.MethodGet, http.MethodHead}
	s.Match(reads, "/search", h.SearchShow)
	s.Match(reads, "/lookup", h.LookupShow)
	return s
}

func newHandler(lookups int) *Handler {
	return &Handler{Chrome: pagetest.Chrome(), Stories: fakeStories{}, Search: fakeSearch{}, Lookups: &allowance{n: lookups}}
}

func TestSearch_OffIs503AndARefusedQueryIs422WithItsMessage(t *testing.T) {
	h := newHandler(0)
	h.Search = nil
	if w := serve(h).Do(t, http.MethodGet, "/search?q=water", nil); w.Code != http.StatusServiceUnavailable {
		t.Errorf("search off = %d, want 503", w.Code)
	}
	h = newHandler(0)
	w := serve(h).Do(t, http.MethodGet, "/search?q=a", nil)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("refused query = %d, want 422", w.Code)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), `[role="alert"]`); got != "the query is too short" {
		t.Errorf("message = %q", got)
	}
	if got := w.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("a reader's search Cache-Control = %q, want no-cache", got)
	}
	if w := serve(h).Do(t, http.MethodGet, "/search?before=x", nil); w.Code != http.StatusBadRequest {
		t.Errorf("bad cursor = %d, want 400", w.Code)
	}
}

func TestLookup_AnswersMatchesBadAddressesAndTooManyLookups(t *testing.T) {
	s := serve(newHandler(2))
	w := s.Do(t, http.MethodGet, "/lookup?url=https://news.example.org/a", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("lookup = %d", w.Code)
	}
	d := pagetest.Doc(t, w)
	if d.Find(`a[href="/claims/5"]`).Length() == 0 {
		t.Error("the tracked claim is not linked")
	}

	w = s.Do(t, http.MethodGet, "/lookup?url=not+a+url", nil)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad address = %d, want 422", w.Code)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), `[role="alert"]`); got != "that is not a web address" {
		t.Errorf("message = %q", got)
	}

	w = s.Do(t, http.MethodGet, "/lookup?url=https://news.example.org/a", nil)
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("third lookup = %d, want 429", w.Code)
	}
	if d := pagetest.Doc(t, w); d.Find(`a[href="/claims/5"]`).Length() != 0 || pagetest.Text(d, `[role="alert"]`) == "" {
		t.Error("a refused lookup still answers, or says nothing")
	}
	if w := s.Do(t, http.MethodGet, "/lookup", nil); w.Code != http.StatusOK {
		t.Errorf("the empty form = %d, want 200 whatever the limit", w.Code)
	}
}
