package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// A write to one claim drops that claim's page and its story's pages, and
// keeps the story's other claims' pages: each is rendered once across it.
// A re-check finding drops the page of every claim linking the source, and
// a story edit every claim page of the story.
func TestClaimPage_AWriteToOneClaimKeepsItsSistersPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		ctx := context.Background()
		claimA, claimB, claimC := fmt.Sprintf("/claims/%d", f.open.ID), fmt.Sprintf("/claims/%d", f.stale.ID),
			fmt.Sprintf("/claims/%d", f.settled.ID)
		// warm reads each page twice, the second time from the cache.
		warm := func(targets ...string) {
			t.Helper()
			for _, target := range targets {
				for range 2 {
					if status, body := f.get(t, target); status != http.StatusOK {
						t.Fatalf("GET %s = %d:\n%s", target, status, body)
					}
				}
			}
		}
		cached := func(target, after string) {
			t.Helper()
			if status, _, n := f.cost(t, target); status != http.StatusOK || n != 0 {
				t.Errorf("after %s GET %s = %d and cost %d statements, want 0 (still cached)", after, target, status, n)
			}
		}
		shows := func(target, want, after string) {
			t.Helper()
			if _, body := f.get(t, target); !strings.Contains(body, want) {
				t.Errorf("after %s GET %s lacks %q", after, target, want)
			}
		}
		renders := func(want int, after string) {
			t.Helper()
			if got := f.renders(t, "claim"); got != want {
				t.Errorf("after %s claim pages rendered %d times, want %d", after, got, want)
			}
		}
		warm(claimA, claimB, claimC, "/stories/leaked-audio")
		renders(3, "the first reads")

		must(f.svc.UpdateClaim(ctx, editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Splices found in the recording", Version: f.open.Version}))(t)
		shows(claimA, "Splices found in the recording", "claim A's status change")
		shows("/stories/leaked-audio", "Splices found in the recording", "claim A's status change")
		cached(claimB, "claim A's status change")
		cached(claimC, "claim A's status change")
		renders(4, "claim A's status change")

		// The source A links goes; B links it too, C does not.
		must(f.svc.LinkSource(ctx, editor, f.stale.ID, claims.NewSourceLink{URL: f.source.URL, Outlet: f.source.Outlet, OutletKind: "independent", Stance: "supports"}))(t)
		shows(claimB, "Audio said to be from a meeting", "linking the source to claim B")
		cached(claimA, "linking the source to claim B")
		warm(claimA, claimB, claimC)
		renders(5, "linking the source to claim B")
		must(f.svc.RecordCheck(ctx, f.source.ID, claims.RecordCheckInput{Prev: claims.SourceUnchecked,
			Events: []claims.EventKind{claims.EventSourceGone}, Check: claims.CheckRecord{StatusCode: 410, State: claims.SourceGone}}))(t)
		shows(claimA, "Source gone", "the source's re-check")
		shows(claimB, "Source gone", "the source's re-check")
		cached(claimC, "the source's re-check")
		renders(7, "the source's re-check")

		st := must(f.svc.StoryBySlug(ctx, "leaked-audio"))(t)
		must(f.svc.UpdateStory(ctx, editor, "leaked-audio", claims.StoryPatch{Title: ptr("Leaked audio, retitled"), Version: st.Version}))(t)
		for _, target := range []string{claimA, claimB, claimC} {
			shows(target, "Leaked audio, retitled", "the story's new title")
		}
		renders(10, "the story's new title")
	})
}
