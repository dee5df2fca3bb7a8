// Package reader is the public pages: the index of stories, a story's page
// and its claim lists, the claim page (whose view the desk's claim editor
// embeds), the Atom feeds, what changed in a source and our copy of one
// that has gone, search, lookup and the API's readable page. Its Handler
// depends on the small interfaces below, which the claims and search
// services satisfy, and on httpx.PageCache for the pages every reader gets
// alike; internal/web builds it, answers cached pages before echo and
// lists its routes with the others.
package reader

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Handler answers the reader pages.
type Handler struct {
	*view.Chrome
	Stories StoryFinder
	// Search searches and reads articles; nil answers /search with 503.
	Search Searcher
	// Lookups limits each client's article lookups.
	Lookups ClientLimiter
	Proxies httpx.Proxies
	// Claims reads a claim's page, its sources' notes and its review.
	Claims ClaimReader
	// Story reads a story's page; Feeds its feeds; Sources what readers
	// may see of a source's history.
	Story   StoryReader
	Feeds   FeedReader
	Sources SourceHistory
	// Pages keeps the index, story pages and claim lists until their story
	// changes.
	Pages httpx.PageCache
	// Metrics counts renders of cached pages; nil counts nothing.
	Metrics RenderCounter
	// FeedStylesheet is the address of the stylesheet that makes a feed
	// readable in a browser.
	FeedStylesheet string
	// Alerts is whether readers can follow claims by email.
	Alerts bool
	Now    func() time.Time
}

// ClaimReader reads what a claim's public page shows.
type ClaimReader interface {
	ClaimPage(ctx context.Context, id int64, v claims.ClaimView) (*claims.ClaimDetail, error)
	SourceNotes(ctx context.Context, sources []claims.Source) (claims.SourceNotes, error)
	ReviewOf(d *claims.ClaimDetail) (*claims.Review, bool)
}

// StoryReader reads what a story's page shows: the story (published, or
// any for an editor), its claims and sources, and the events that settled
// its resolved claims.
type StoryReader interface {
	PublicStory(ctx context.Context, slug string) (*claims.Story, error)
	StoryBySlug(ctx context.Context, slug string) (*claims.Story, error)
	StoryDetail(ctx context.Context, storyID int64) (*claims.StoryDetail, error)
	SettlingEvents(ctx context.Context, claimIDs []int64) (map[int64]claims.Event, error)
}

// FeedReader reads the entries of the Atom feeds.
type FeedReader interface {
	ResolvedFeed(ctx context.Context, limit int) ([]claims.FeedEntry, error)
	StoryFeed(ctx context.Context, slug string, limit int) (*claims.Story, []claims.FeedEntry, error)
}

// SourceHistory reads what readers may see of a published story's source:
// what changed in it, and our last copy once it has gone.
type SourceHistory interface {
	PublicSourceChanges(ctx context.Context, id int64) (*claims.Source, []claims.SnapshotEntry, error)
	PublicLastCopy(ctx context.Context, id int64) (*claims.SnapshotText, error)
}

// RenderCounter counts renders of cached pages (*metrics.Metrics).
type RenderCounter interface {
	PageRender(page string)
}

// StoryFinder lists stories and finds the claims resting on an address.
type StoryFinder interface {
	ListStories(ctx context.Context, publishedOnly bool, page claims.Page) ([]claims.StorySummary, error)
	ClaimsForURL(ctx context.Context, raw string) ([]claims.URLMatch, error)
}

// Searcher searches the site and reads an article to match it against the
// tracked claims.
type Searcher interface {
	Search(ctx context.Context, q search.Query) ([]search.Result, bool, error)
	CanLookUp() bool
	LookUp(ctx context.Context, clientAddr, url string) (*search.Lookup, error)
}

// ClientLimiter allows each client so many requests a period.
type ClientLimiter interface {
	Allow(client string) bool
}

// clientAddr is the request's client address, believing X-Forwarded-For
// from trusted proxies only.
func (s *Handler) clientAddr(r *http.Request) string { return s.Proxies.ClientAddr(r) }

// clientGroup is the key that per-client limits count a request under.
func (s *Handler) clientGroup(r *http.Request) string { return s.Proxies.ClientGroup(r) }
