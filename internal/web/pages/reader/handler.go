// Package reader is the public pages readers search and look articles up
// with, and the claim page's view, which the desk's claim editor embeds.
// Its Handler depends on the small interfaces below, which the claims and
// search services satisfy; internal/web builds it and lists its routes
// with the others.
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
