// Package desk is the editor's desk: the dashboard, the story and claim
// editors, the review queue and the source and snapshot pages behind
// /editor. Its Handler depends on the small interfaces below, which the
// claims and search services satisfy; internal/web builds it and lists its
// routes with the others. The claim editor embeds the public claim page
// that pages/reader builds.
package desk

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Handler answers the desk's pages.
type Handler struct {
	*view.Chrome
	Stories StoryDesk
	Claims  ClaimDesk
	Review  ReviewDesk
	Sources SourceArchive
	// Articles reads pasted articles; nil leaves the paste form off and
	// answers its route with 503.
	Articles ArticleReader
	// Search finds the tracked claims like a claim being written; nil
	// leaves that list off.
	Search Tracker
	// Alerts is whether readers can follow claims, which the claim
	// editor's preview of the public page shows.
	Alerts bool
	Now    func() time.Time
}

// StoryDesk lists, creates and edits stories and their claims' order.
type StoryDesk interface {
	ListStories(ctx context.Context, publishedOnly bool, page claims.Page) ([]claims.StorySummary, error)
	StoryBySlug(ctx context.Context, slug string) (*claims.Story, error)
	StoryDetail(ctx context.Context, storyID int64) (*claims.StoryDetail, error)
	StorySources(ctx context.Context, storyID int64) ([]claims.Source, error)
	CreateStory(ctx context.Context, actor claims.Actor, in claims.NewStory) (*claims.Story, error)
	UpdateStory(ctx context.Context, actor claims.Actor, slug string, p claims.StoryPatch) (*claims.Story, error)
	AddClaims(ctx context.Context, actor claims.Actor, storyID int64, in []claims.NewClaim) ([]claims.Claim, error)
	ReorderClaims(ctx context.Context, slug string, ids []int64) error
	LinkSourceInStory(ctx context.Context, actor claims.Actor, storySlug string, claimID int64, in claims.NewSourceLink) (*claims.LinkedSource, error)
}

// ClaimDesk reads a claim for its editor and makes every change the
// editor's forms post.
type ClaimDesk interface {
	ClaimPage(ctx context.Context, id int64, v claims.ClaimView) (*claims.ClaimDetail, error)
	ListClaims(ctx context.Context, q claims.ClaimQuery) ([]claims.ClaimRef, error)
	Editors(ctx context.Context) ([]claims.Editor, error)
	UpdateClaim(ctx context.Context, actor claims.Actor, id int64, p claims.ClaimPatch) (*claims.Claim, error)
	WithdrawClaim(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.Claim, error)
	AddEvidenceLinking(ctx context.Context, actor claims.Actor, claimID int64, link *claims.NewSourceLink, in claims.NewEvidence) (*claims.Evidence, error)
	WithdrawEvidence(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.Evidence, error)
	LinkSource(ctx context.Context, actor claims.Actor, claimID int64, in claims.NewSourceLink) (*claims.LinkedSource, error)
	UnlinkSource(ctx context.Context, actor claims.Actor, claimID, sourceID int64, note string) error
	DraftSource(ctx context.Context, d claims.SourceDraft) (*claims.SourceDraftView, error)
	AddNote(ctx context.Context, actor claims.Actor, claimID int64, text string) (*claims.Event, error)
	AddAppearance(ctx context.Context, claimID int64, in claims.NewAppearance) (*claims.Appearance, error)
	Watches(ctx context.Context, claimID int64) (*claims.ClaimWatches, error)
	SetWatches(ctx context.Context, actor claims.Actor, claimID int64, in claims.WatchesInput) (*claims.Watches, error)
}

// ReviewDesk is the dashboard's queues: proposals to review, claims due
// for review and what others did lately.
type ReviewDesk interface {
	ReviewQueue(ctx context.Context, viewer claims.Actor, q claims.ReviewQuery) ([]claims.ReviewItem, error)
	MarkReviewed(ctx context.Context, actor claims.Actor, id int64) (*claims.ReviewItem, error)
	AcceptProposal(ctx context.Context, actor claims.Actor, id int64, note string) (*claims.ReviewItem, error)
	DismissProposal(ctx context.Context, actor claims.Actor, id int64) (*claims.ReviewItem, error)
	ClaimsDueForReview(ctx context.Context, now time.Time) ([]claims.Claim, error)
	RecentEvents(ctx context.Context, excludeActorID int64, limit int) ([]claims.Event, error)
}

// SourceArchive reads a source's checks and the snapshots kept of it.
type SourceArchive interface {
	SourceHistory(ctx context.Context, sourceID int64, checks, snapshots claims.Page) (*claims.SourceHistory, error)
	Snapshot(ctx context.Context, id int64) (*claims.SnapshotText, error)
}

// Tracker finds the tracked claims, drafts included, like a text.
type Tracker interface {
	Tracked(ctx context.Context, text string) ([]search.MatchItem, error)
}
