package claims

import (
	"context"
	"time"
)

// Page asks for one page of a list ordered newest first: at most Limit items
// whose id is below Before (0 = from the newest).
type Page struct {
	Limit  int
	Before int64
}

// Page size bounds for list reads.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 200
)

// Normalize clamps the limit into range.
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	if p.Before < 0 {
		p.Before = 0
	}
	return p
}

// forRead is Normalize for a list read, which may ask for one row past the
// largest page: that row is how a caller paging with MaxPageLimit learns
// whether another page follows, without handing out a cursor to an empty
// page.
func (p Page) forRead() Page {
	limit := p.Limit
	p = p.Normalize()
	if limit == MaxPageLimit+1 {
		p.Limit = limit
	}
	return p
}

// EventQuery selects timeline events.
type EventQuery struct {
	StoryID    int64
	ClaimID    int64
	PublicOnly bool
	Page       Page
	// Oldest orders oldest first (for drawing a timeline) instead of newest first.
	Oldest bool
	// ExcludeActorID leaves out events made by this user (0 = keep all), for
	// "recent changes by others".
	ExcludeActorID int64
	// ToStatuses keeps only events that set one of these statuses.
	ToStatuses []string
	// Kinds keeps only events of these kinds.
	Kinds []EventKind
	// From keeps only events at or after this id (0 = keep all): those
	// newer than a page whose Before it is.
	From int64
}

// Store is what the domain needs from storage. Methods called with a context
// returned inside Tx run in that transaction. Methods that find nothing
// return ENOTFOUND; none returns a nil result with a nil error.
type Store interface {
	// Tx runs fn in one write transaction: everything fn writes commits
	// together or not at all. Nested calls join the outer transaction.
	Tx(ctx context.Context, fn func(ctx context.Context) error) error
	// Ping checks that the database answers and its migrations are applied.
	Ping(ctx context.Context) error
	// ProbeWrite commits one tiny write; EUNAVAILABLE when writes fail.
	ProbeWrite(ctx context.Context) error

	// ListStories returns stories newest first with their claim counts.
	ListStories(ctx context.Context, publishedOnly bool, page Page, vocab *Vocabulary) ([]StorySummary, error)
	// StoryBySlug returns ENOTFOUND for an unknown slug.
	StoryBySlug(ctx context.Context, slug string) (*Story, error)
	// StoryByID returns ENOTFOUND for an unknown id.
	StoryByID(ctx context.Context, id int64) (*Story, error)
	// CreateStory sets ID, timestamps, Version 1 and Revision 1. ECONFLICT
	// when the slug is taken.
	CreateStory(ctx context.Context, s *Story) error
	// UpdateStory writes s if its stored version is still expected, and sets
	// s.Version to the new one; ECONFLICT otherwise.
	UpdateStory(ctx context.Context, s *Story, expectedVersion int) error
	// BumpStoryRevision marks that what the story page shows has changed,
	// and which of its claims' pages with it (told to other instances), and
	// returns the new revision.
	BumpStoryRevision(ctx context.Context, ch StoryChange) (int64, error)
	// StoryRevision returns the current revision of a story.
	StoryRevision(ctx context.Context, storyID int64) (int64, error)
	// StoryDetail gathers the story page's data: non-withdrawn claims in
	// position order, each with its newest public event and source counts,
	// and of the distinct linked sources what the page lists (see
	// StoryDetail.Sources) with their counts.
	StoryDetail(ctx context.Context, storyID int64) (*StoryDetail, error)
	// StorySources returns every distinct source linked to the story's
	// non-withdrawn claims, in the story page's order; with ids, only
	// those among them.
	StorySources(ctx context.Context, storyID int64, ids []int64) ([]Source, error)
	// StoryOutline is StoryDetail without the claims' newest events and the
	// sources: the claims with their source counts.
	StoryOutline(ctx context.Context, storyID int64) (*StoryDetail, error)
	// CountStories returns how many stories exist (published or not).
	CountStories(ctx context.Context) (int, error)

	// ClaimByID returns ENOTFOUND for an unknown id.
	ClaimByID(ctx context.Context, id int64) (*Claim, error)
	// ClaimsByStory returns a story's claims in position order, withdrawn included.
	ClaimsByStory(ctx context.Context, storyID int64) ([]Claim, error)
	// StoriesByIDs, ClaimsByStories and SourcesByClaims read many at once,
	// so that a page listing many stories or claims costs the same few
	// queries however many it lists.
	StoriesByIDs(ctx context.Context, ids []int64) ([]Story, error)
	ClaimsByStories(ctx context.Context, storyIDs []int64) ([]Claim, error)
	SourcesByClaims(ctx context.Context, claimIDs []int64) (map[int64][]LinkedSource, error)
	AppearancesByClaims(ctx context.Context, claimIDs []int64) (map[int64][]Appearance, error)
	// LatestStatusEvents gives each claim's newest public event that set a
	// status: the one that gave it the status it has.
	LatestStatusEvents(ctx context.Context, claimIDs []int64) (map[int64]Event, error)
	// StoryLinks and StoryEvidence give each claim of a story, withdrawn
	// included, what SourcesByClaim and EvidenceByClaim give for one;
	// SourcesByIDs the sources with these ids, in id order.
	StoryLinks(ctx context.Context, storyID int64) (map[int64][]LinkedSource, error)
	StoryEvidence(ctx context.Context, storyID int64) (map[int64][]Evidence, error)
	SourcesByIDs(ctx context.Context, ids []int64) ([]Source, error)
	// CreateClaim sets ID, timestamps, Version 1 and, when zero, Position
	// (after the story's last claim).
	CreateClaim(ctx context.Context, c *Claim) error
	// UpdateClaim writes c if its stored version is still expected and sets
	// c.Version to the new one; ECONFLICT otherwise.
	UpdateClaim(ctx context.Context, c *Claim, expectedVersion int) error

	// EvidenceByClaim returns a claim's evidence oldest first, withdrawn included.
	EvidenceByClaim(ctx context.Context, claimID int64) ([]Evidence, error)
	// EvidenceByID returns ENOTFOUND for an unknown id.
	EvidenceByID(ctx context.Context, id int64) (*Evidence, error)
	// CreateEvidence sets ID and CreatedAt.
	CreateEvidence(ctx context.Context, e *Evidence) error
	// WithdrawEvidence marks evidence withdrawn.
	WithdrawEvidence(ctx context.Context, id int64) error

	// SourceByID returns ENOTFOUND for an unknown id.
	SourceByID(ctx context.Context, id int64) (*Source, error)
	// SourceByURL looks a normalised URL up; ENOTFOUND when unknown.
	SourceByURL(ctx context.Context, url string) (*Source, error)
	// CreateSource sets ID and CreatedAt; ECONFLICT when the URL is known.
	CreateSource(ctx context.Context, s *Source) error
	// SourcesByAddress returns the sources whose URL is one of addrs, or
	// whose page a check found declaring one of addrs as its canonical
	// address, in id order.
	SourcesByAddress(ctx context.Context, addrs []string) ([]Source, error)
	// SourcesByClaim returns the sources currently linked to a claim.
	SourcesByClaim(ctx context.Context, claimID int64) ([]LinkedSource, error)
	// LinkedSources returns the claim's current links that q asks for, in
	// link order (SourcesByClaim's); CountLinkedSources counts them all.
	LinkedSources(ctx context.Context, claimID int64, q LinkQuery) ([]LinkedSource, error)
	CountLinkedSources(ctx context.Context, claimID int64) (int, error)
	// LinkSource links a source to a claim with a stance; linking again
	// after an unlink restores the link. ECONFLICT when already linked.
	LinkSource(ctx context.Context, claimID, sourceID int64, stance Stance) error
	// UnlinkSource ends a link (the row stays, marked unlinked); ENOTFOUND
	// when the source is not linked to the claim.
	UnlinkSource(ctx context.Context, claimID, sourceID int64) error

	// AppendEvent adds an event to the timeline and sets its ID.
	AppendEvent(ctx context.Context, e *Event) error
	// Events returns timeline events matching q.
	Events(ctx context.Context, q EventQuery) ([]Event, error)
	// CountEvents counts the events q selects, older than q.Page.Before
	// when it is set. A claim's whole timeline (or its public part) must be
	// counted without reading its events: its page says how many there are.
	CountEvents(ctx context.Context, q EventQuery) (int, error)

	// SourceIsPublic reports whether a source is linked (not unlinked) to a
	// claim of a published story.
	SourceIsPublic(ctx context.Context, sourceID int64) (bool, error)
	// ClaimsOutsideStatuses returns up to limit claims, withdrawn included,
	// whose status is none of ids, in id order.
	ClaimsOutsideStatuses(ctx context.Context, ids []string, limit int) ([]Claim, error)
	// ClaimsDueForReview returns claims not withdrawn whose review date is
	// before now, earliest first.
	ClaimsDueForReview(ctx context.Context, now time.Time) ([]Claim, error)

	ReviewStore
	DeskStore
	RecheckStore
	SnapshotStore
	WatchStore

	// CreateAppearance sets ID.
	CreateAppearance(ctx context.Context, a *Appearance) error
	// AppearancesByClaim returns a claim's appearances in the order they
	// were recorded.
	AppearancesByClaim(ctx context.Context, claimID int64) ([]Appearance, error)
}
