// Package api is claimtrack's JSON API under /api/v1 and its OpenAPI
// document: reads for everyone, writes for editors (by session or token),
// user administration for admins. Its Handler depends on the small
// interfaces below, which the services satisfy; internal/web builds it and
// lists its routes with the others.
package api

import (
	"context"
	"log/slog"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// Handler answers the API's routes.
type Handler struct {
	Reader  StoryReader
	Writer  ClaimWriter
	Desk    ReviewDesk
	Sources SourceArchive
	// Users administers accounts; nil when the server has none.
	Users UserAdmin
	// Search answers search and match; nil answers them with 503.
	Search Searcher
	// Rechecker checks a source on an editor's request; nil answers 503.
	Rechecker SourceChecker
	// Subscriber takes email subscriptions; its routes are guarded off when
	// the server has no alerts.
	Subscriber Subscriber
	// Pages caches the answers every reader gets alike (ClaimReview,
	// exports of published stories).
	Pages   httpx.PageCache
	Site    site.Site
	Log     *slog.Logger
	Metrics RenderCounter
	Proxies httpx.Proxies
}

// StoryReader reads stories, claims and what hangs off them.
type StoryReader interface {
	ListStories(ctx context.Context, publishedOnly bool, page claims.Page) ([]claims.StorySummary, error)
	PublicStory(ctx context.Context, slug string) (*claims.Story, error)
	StoryOutline(ctx context.Context, storyID int64) (*claims.StoryDetail, error)
	ExportStory(ctx context.Context, slug string, public bool) (*claims.StoryFile, error)
	Reviews(ctx context.Context, page claims.Page) ([]claims.Review, error)
	ClaimRecord(ctx context.Context, id int64, public bool) (*claims.ClaimDetail, error)
	ClaimSources(ctx context.Context, id int64, public bool, after int64, limit int) ([]claims.LinkedSource, claims.SourcePage, error)
	PublicSource(ctx context.Context, id int64) (*claims.Source, error)
	Timeline(ctx context.Context, claimID int64, public bool, page claims.Page) ([]claims.Event, error)
	StatusHistory(ctx context.Context, claimID int64) ([]claims.StatusChange, error)
	ListClaims(ctx context.Context, q claims.ClaimQuery) ([]claims.ClaimRef, error)
	Watches(ctx context.Context, claimID int64) (*claims.ClaimWatches, error)
}

// ClaimWriter makes the editors' changes to stories and claims.
type ClaimWriter interface {
	CreateStory(ctx context.Context, actor claims.Actor, in claims.NewStory) (*claims.Story, error)
	UpdateStory(ctx context.Context, actor claims.Actor, slug string, p claims.StoryPatch) (*claims.Story, error)
	ImportStory(ctx context.Context, actor claims.Actor, name string, f *claims.StoryFile) (*claims.ImportReport, error)
	AddClaimToStory(ctx context.Context, actor claims.Actor, slug string, in claims.NewClaim) (*claims.Claim, error)
	UpdateClaim(ctx context.Context, actor claims.Actor, id int64, p claims.ClaimPatch) (*claims.Claim, error)
	WithdrawClaim(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.Claim, error)
	AddEvidence(ctx context.Context, actor claims.Actor, claimID int64, in claims.NewEvidence) (*claims.Evidence, error)
	WithdrawEvidence(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.Evidence, error)
	LinkSource(ctx context.Context, actor claims.Actor, claimID int64, in claims.NewSourceLink) (*claims.LinkedSource, error)
	UnlinkSource(ctx context.Context, actor claims.Actor, claimID, sourceID int64, note string) error
	AddNote(ctx context.Context, actor claims.Actor, claimID int64, text string) (*claims.Event, error)
	AddAppearance(ctx context.Context, claimID int64, in claims.NewAppearance) (*claims.Appearance, error)
	SetWatches(ctx context.Context, actor claims.Actor, claimID int64, in claims.WatchesInput) (*claims.Watches, error)
}

// ReviewDesk lists and closes the review queue.
type ReviewDesk interface {
	ReviewQueue(ctx context.Context, viewer claims.Actor, q claims.ReviewQuery) ([]claims.ReviewItem, error)
	MarkReviewed(ctx context.Context, actor claims.Actor, id int64) (*claims.ReviewItem, error)
	AcceptProposal(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.ReviewItem, error)
	DismissProposal(ctx context.Context, actor claims.Actor, id int64) (*claims.ReviewItem, error)
}

// SourceArchive reads what the re-checker kept of a source.
type SourceArchive interface {
	SourceCheckHistory(ctx context.Context, sourceID int64, page claims.Page) ([]claims.CheckRecord, error)
	SourceSnapshots(ctx context.Context, sourceID int64, page claims.Page) ([]claims.SnapshotEntry, error)
	Snapshot(ctx context.Context, id int64) (*claims.SnapshotText, error)
}

// UserAdmin lists, creates and disables accounts.
type UserAdmin interface {
	ListUsers(ctx context.Context) ([]auth.User, error)
	CreateUser(ctx context.Context, email, name string, role auth.Role, password string) (*auth.User, error)
	DisableUser(ctx context.Context, id int64) error
	UserByID(ctx context.Context, id int64) (*auth.User, error)
}

// Searcher searches the site and matches text against tracked claims.
type Searcher interface {
	Search(ctx context.Context, q search.Query) ([]search.Result, bool, error)
	Match(ctx context.Context, clientAddr, text string) ([]search.MatchItem, error)
}

// Subscriber records a request to follow a story or claim by email.
type Subscriber interface {
	Subscribe(ctx context.Context, r alerts.SubscribeRequest) error
}

// RenderCounter counts renders of cached answers (*metrics.Metrics; nil-safe).
type RenderCounter interface {
	PageRender(page string)
}
