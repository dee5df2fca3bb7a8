package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
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

// TestPageCache_AClaimPageWaitsOnlyForItsOwnAndItsStorysWrites: a claim
// page rendered across a write to another claim of its story is kept, and
// counts as no new revision; across a write to its claim, to the whole
// story, or a drop of everything, it is not kept, and the next render is
// of a new revision.
func TestPageCache_AClaimPageWaitsOnlyForItsOwnAndItsStorysWrites(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	repeats := 0
	pc.rerendered = func() { repeats++ }
	const story, claimA, claimB = 7, 70, 71
	keyB := reader.ClaimKey(claimB)
	fill := func(during func()) {
		t.Helper()
		if _, err := pc.FillClaim(keyB, claimB, func() (int64, []byte, error) {
			during()
			return story, []byte("<p>claim B</p>"), nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	// The first render cannot tell what the key shows: any write keeps it out.
	fill(func() { pc.drop(claims.StoryChange{StoryID: story, Claims: []int64{claimA}}) })
	if pc.Get(keyB) != nil {
		t.Fatal("a first render across a write was kept, before the key's claim was known")
	}
	fill(func() {})
	if pc.Get(keyB) == nil {
		t.Fatal("a render without a write was not kept")
	}

	pc.drop(claims.StoryChange{StoryID: story, Claims: []int64{claimA}})
	if pc.Get(keyB) == nil {
		t.Error("a write to claim A dropped claim B's page")
	}
	for _, tc := range []struct {
		name  string
		write func()
	}{
		{"claim B's write", func() { pc.drop(claims.StoryChange{StoryID: story, Claims: []int64{claimA, claimB}}) }},
		{"the story's write", func() { pc.drop(claims.WholeStory(story)) }},
		{"a drop of every page", pc.dropAll},
	} {
		tc.write()
		if pc.Get(keyB) != nil {
			t.Errorf("claim B's page outlived %s", tc.name)
		}
		fill(tc.write)
		if pc.Get(keyB) != nil {
			t.Errorf("a render across %s was kept", tc.name)
		}
		fill(func() { pc.drop(claims.StoryChange{StoryID: story, Claims: []int64{claimA}}) })
		if pc.Get(keyB) == nil {
			t.Errorf("after %s, a render across claim A's write was not kept", tc.name)
		}
	}
	if repeats != 0 {
		t.Errorf("%d renders counted as of a revision already kept, want 0", repeats)
	}
	now = now.Add(2 * time.Minute) // expired: the same revision rendered again
	fill(func() {})
	if repeats != 1 {
		t.Errorf("a render after expiry counted %d times as a repeat, want 1", repeats)
	}
}

// Two instances on one PostgreSQL database: a write to claim A through one
// drops claim A's page and the story's page on the other, and keeps the
// page of claim B there, the very page it held.
func TestPeers_AClaimWriteThroughAnotherInstanceKeepsItsSistersPages(t *testing.T) {
	t.Parallel()
	a, b := startPeers(t)
	ctx := context.Background()
	st := must(a.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "sister-claims", Title: "Sister claims", Published: true}))(t)
	claimA := must(a.svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The audio is authentic", Status: "unverified"}))(t)
	claimB := must(a.svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The meeting took place", Status: "unverified"}))(t)
	targetA, keyB := fmt.Sprintf("/claims/%d", claimA.ID), reader.ClaimKey(claimB.ID)
	// Notifications arrive in commit order: once B shows this write, it has
	// heard those of the claims' creation, which would drop claim B's page.
	claimA = must(a.svc.UpdateClaim(ctx, editor, claimA.ID, claims.ClaimPatch{Status: ptr("disputed"),
		Note: "Two outlets doubt the clip", Version: claimA.Version}))(t)
	if !b.seesWithin(t, targetA, "Two outlets doubt the clip", time.Second) {
		t.Fatal("instance B showed A's first status change late by more than 1 s")
	}
	b.page(t, fmt.Sprintf("/claims/%d", claimB.ID))
	b.page(t, "/stories/sister-claims")
	held := b.srv.pages.Get(keyB)
	if held == nil {
		t.Fatal("B did not cache claim B's page")
	}

	must(a.svc.UpdateClaim(ctx, editor, claimA.ID, claims.ClaimPatch{Status: ptr("confirmed"),
		Note: "Forensic lab report published", Version: claimA.Version}))(t)
	if !b.seesWithin(t, targetA, "Forensic lab report published", time.Second) {
		t.Fatal("instance B showed A's status change on claim A's page late by more than 1 s")
	}
	if !b.seesWithin(t, "/stories/sister-claims", "Forensic lab report published", 0) {
		t.Error("instance B's story page lacks the status change it has heard of")
	}
	if got := b.srv.pages.Get(keyB); got != held {
		t.Error("a write to claim A through another instance dropped claim B's page")
	}

	// A change to the story itself reaches every claim's page.
	st = must(a.svc.StoryByID(ctx, st.ID))(t)
	must(a.svc.UpdateStory(ctx, editor, st.Slug, claims.StoryPatch{Title: ptr("Sister claims, retitled"), Version: st.Version}))(t)
	if !b.seesWithin(t, fmt.Sprintf("/claims/%d", claimB.ID), "Sister claims, retitled", time.Second) {
		t.Error("instance B showed A's story edit on claim B's page late by more than 1 s")
	}
}
