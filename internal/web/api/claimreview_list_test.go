package api

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// TestClaimReviewKey_KeepsOnlyPagesReachedByNext: a page of the default
// size is kept once a kept page links to it, and forgotten with the marks
// when a story changes.
func TestClaimReviewKey_KeepsOnlyPagesReachedByNext(t *testing.T) {
	pages := newFakeCache()
	h := &Handler{Pages: pages}
	first := claims.Page{Limit: claims.DefaultPageLimit}
	next := claims.Page{Limit: claims.DefaultPageLimit, Before: 7}
	if h.claimReviewKey(first) == "" || h.claimReviewKey(next) != "" || h.claimReviewKey(claims.Page{Limit: 3}) != "" {
		t.Fatal("want the first page kept, and neither an unreached cursor's page nor an odd size's")
	}
	pages.Reach(claimReviewKey(next.Limit, "7"))
	if h.claimReviewKey(next) == "" {
		t.Error("a page reached by next is not kept")
	}
	pages.dropAll()
	if h.claimReviewKey(next) != "" {
		t.Error("the mark outlived a write")
	}
}
