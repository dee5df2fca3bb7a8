package reader

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

// storyNow is the clock of the story tests.
var storyNow = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

// fakeStory holds the published story "water-bill" (claim 5 open, claim 6
// confirmed, one source) and the draft "draft-plan"; it counts the reads
// that a cached page spares.
type fakeStory struct {
	reads int
	// open is how many open claims water-bill holds besides claim 5.
	open int
	// sources is how many wire reports water-bill cites besides the Ledger.
	sources int
}

var (
	waterBill = claims.Story{ID: 1, Slug: "water-bill", Title: "The water bill", Summary: "What the new bill does to prices.",
		Published: true, UpdatedAt: storyNow.Add(-time.Hour),
		Context: []claims.QA{{Question: "Who reported it?", Answer: "The Ledger first, then others."}}}
	draftPlan = claims.Story{ID: 2, Slug: "draft-plan", Title: "A plan still in draft", Version: 3}
	ledger    = claims.Source{ID: 9, URL: "https://ledger.example.org/bill", Outlet: "The Ledger", OutletKind: claims.OutletIndependent,
		Title: "The bill, read closely", State: claims.SourceLive, ChecksPaused: true}
)

func (f *fakeStory) PublicStory(_ context.Context, slug string) (*claims.Story, error) {
	f.reads++
	if slug != waterBill.Slug {
		return nil, claims.Errorf(claims.ENOTFOUND, "story not found")
	}
	st := waterBill
	return &st, nil
}

func (f *fakeStory) StoryBySlug(_ context.Context, slug string) (*claims.Story, error) {
	for _, st := range []claims.Story{waterBill, draftPlan} {
		if st.Slug == slug {
			return &st, nil
		}
	}
	return nil, claims.Errorf(claims.ENOTFOUND, "story not found")
}

func (f *fakeStory) StoryDetail(_ context.Context, id int64) (*claims.StoryDetail, error) {
	if id == draftPlan.ID {
		return &claims.StoryDetail{Story: draftPlan}, nil
	}
	settled := claims.Event{ID: 40, Kind: claims.EventStatusChanged, FromStatus: "investigating", ToStatus: "confirmed",
		Note: "The bill's own text says so.", Actor: "Eve", At: storyNow.Add(-2 * time.Hour)}
	d := &claims.StoryDetail{Story: waterBill, Sources: []claims.Source{ledger}, Claims: []claims.ClaimSummary{
		{Claim: claims.Claim{ID: 5, StoryID: 1, Text: "The bill doubles prices", Status: "disputed", WhatWouldSettle: "The tariff tables"}, Disputing: 1},
		{Claim: claims.Claim{ID: 6, StoryID: 1, Text: "The bill passed its first reading", Status: "confirmed"}, Latest: &settled, Supporting: 1},
	}}
	// As the store does: the first sources of each kind, and the counts.
	d.SourceCounts = map[claims.OutletKind]int{claims.OutletIndependent: 1}
	d.Named = map[int64]claims.Source{ledger.ID: ledger}
	for i := range min(f.sources, claims.StorySourcesShown) {
		d.Sources = append(d.Sources, claims.Source{ID: int64(1000 + i), URL: fmt.Sprintf("https://wire.example.org/%d", i),
			Outlet: "Wire", OutletKind: claims.OutletWire, Title: fmt.Sprintf("Report %d", i)})
	}
	if f.sources > 0 {
		d.SourceCounts[claims.OutletWire] = f.sources
	}
	for i := range f.open {
		d.Claims = append(d.Claims, claims.ClaimSummary{Claim: claims.Claim{ID: int64(100 + i), StoryID: 1,
			Text: fmt.Sprintf("Open claim %d", i), Status: "disputed"}})
	}
	return d, nil
}

func (f *fakeStory) SettlingEvents(context.Context, []int64) (map[int64]claims.Event, error) {
	return nil, nil
}

func (f *fakeStory) ResolvedFeed(context.Context, int) ([]claims.FeedEntry, error) {
	return []claims.FeedEntry{{Story: waterBill, Claim: &claims.Claim{ID: 6, Text: "The bill passed its first reading"},
		Event: claims.Event{ID: 40, Kind: claims.EventStatusChanged, ToStatus: "confirmed", Note: "<b>The bill's own text</b>", Actor: "Eve", At: storyNow}}}, nil
}

func (f *fakeStory) StoryFeed(ctx context.Context, slug string, n int) (*claims.Story, []claims.FeedEntry, error) {
	st, err := f.PublicStory(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	entries, _ := f.ResolvedFeed(ctx, n)
	return st, entries, nil
}

func (f *fakeStory) ListStories(context.Context, bool, claims.Page) ([]claims.StorySummary, error) {
	f.reads++
	return []claims.StorySummary{{Story: waterBill, Unresolved: 1, Resolved: 1}}, nil
}

func (f *fakeStory) ClaimsForURL(context.Context, string) ([]claims.URLMatch, error) { return nil, nil }

// fakeSources has a history for source 9 alone: one change, and our copy.
type fakeSources struct{}

func (fakeSources) PublicSourceChanges(_ context.Context, id int64) (*claims.Source, []claims.SnapshotEntry, error) {
	if id != ledger.ID {
		return nil, nil, claims.Errorf(claims.ENOTFOUND, "source not found")
	}
	src := ledger
	return &src, []claims.SnapshotEntry{{ID: 1, SourceID: 9, At: storyNow.Add(-time.Hour),
		Diff: claims.TextDiff{Removed: []string{"Prices double."}, Added: []string{"Prices rise."}}}}, nil
}

func (fakeSources) PublicLastCopy(_ context.Context, id int64) (*claims.SnapshotText, error) {
	if id != ledger.ID {
		return nil, claims.Errorf(claims.ENOTFOUND, "no copy of that source")
	}
	return &claims.SnapshotText{SnapshotEntry: claims.SnapshotEntry{At: storyNow.Add(-48 * time.Hour)}, Source: ledger,
		Text: "First paragraph.\n\nSecond paragraph."}, nil
}

// renders counts the renders of cached pages by template.
type renders map[string]int

func (r renders) PageRender(page string) { r[page]++ }

// fakeCache is a page cache without expiry or single flight: what the
// handlers ask of the cache, not how the real one keeps pages fresh.
type fakeCache map[string]*httpx.Asset

func (f fakeCache) Get(key string) *httpx.Asset { return f[key] }

func (f fakeCache) Fill(key string, render func() (int64, []byte, error)) (*httpx.Asset, error) {
	return f.FillAsset(key, func() (int64, *httpx.Asset, error) {
		id, b, err := render()
		if err != nil {
			return id, nil, err
		}
		return id, httpx.NewPageAsset(b), nil
	})
}

func (f fakeCache) FillClaim(key string, _ int64, render func() (int64, []byte, error)) (*httpx.Asset, error) {
	return f.Fill(key, render)
}

func (f fakeCache) FillAsset(key string, render func() (int64, *httpx.Asset, error)) (*httpx.Asset, error) {
	_, a, err := render()
	if err != nil {
		return nil, err
	}
	f[key] = a
	return a, nil
}

func (fakeCache) Reach(string)        {}
func (fakeCache) Reached(string) bool { return false }

// storyRoom is the reader room over the fakes, with its routes as
// internal/web lists them.
type storyRoom struct {
	*pagetest.Server
	story   *fakeStory
	cache   fakeCache
	renders renders
}

func newStoryRoom(t *testing.T) *storyRoom {
	t.Helper()
	r := &storyRoom{Server: pagetest.New(nil), story: &fakeStory{}, cache: fakeCache{}, renders: renders{}}
	h := &Handler{Chrome: pagetest.Chrome(), Stories: r.story, Story: r.story, Feeds: r.story, Sources: fakeSources{},
		Claims: fakeClaims{}, Pages: r.cache, Metrics: r.renders, FeedStylesheet: "/static/feed.test.xsl", Alerts: true,
		Now: func() time.Time { return storyNow }}
	reads := []string{http.MethodGet, http.MethodHead}
	r.Match(reads, "/", h.IndexShow)
	r.Match(reads, "/stories/:slug", h.StoryShow)
	r.Match(reads, "/stories/:slug/claims", h.StoryClaimsShow)
	r.Match(reads, "/stories/:slug/feed.atom", h.FeedStoryShow)
	r.Match(reads, "/feeds/resolved.atom", h.FeedResolvedShow)
	r.Match(reads, "/sources/:id/changes", h.SourceChangesShow)
	r.Match(reads, "/sources/:id/copy", h.SourceCopyShow)
	return r
}
