// Package search finds what claimtrack tracks: full-text search over
// stories, claims, evidence, facts and notes, and matching of any text
// against the tracked claims. Storage finds candidates with the databases'
// own full-text indexes; this package ranks them (package match) and
// decides what readers and editors may see.
package search

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Kind is what a search result is.
type Kind string

// The kinds of search results. Notes are editors' internal notes.
const (
	KindClaim    Kind = "claim"
	KindStory    Kind = "story"
	KindEvidence Kind = "evidence"
	KindFact     Kind = "fact"
	KindNote     Kind = "note"
)

// IndexQuery asks storage for the candidates of a search.
type IndexQuery struct {
	// Words must all appear (after each database's stemming).
	Words []string
	// Drafts includes unpublished stories, withdrawn claims and evidence,
	// and notes: what editors may see.
	Drafts bool
	// Status keeps only claims in this status, and evidence and notes of
	// such claims; stories and facts are left out. "" keeps all.
	Status string
	// StorySlug keeps only results of this story; "" keeps all.
	StorySlug string
	// PerKind bounds the candidates of each kind, newest first.
	PerKind int
}

// Hit is one candidate a full-text index found.
type Hit struct {
	Kind      Kind
	ID        int64
	StoryID   int64
	StorySlug string
	// ClaimID is the claim of a claim, evidence or note (0 otherwise).
	ClaimID int64
	// Text is what the result is called (a claim's text, a story's title,
	// evidence's summary, a fact's question, a note); Extra is the rest of
	// its searched text (what would settle, summary, quote, answer).
	Text  string
	Extra string
	// Status is the claim's status, for claims, evidence and notes.
	Status     string
	ResolvedAt *time.Time
}

// ClaimText is a published claim a text may repeat.
type ClaimText struct {
	ID         int64
	StorySlug  string
	StoryTitle string
	Text       string
	Status     string
}

// Store is what search needs of storage.
type Store interface {
	// SearchIndex returns the candidates of a search, of every kind, up to
	// q.PerKind of each.
	SearchIndex(ctx context.Context, q IndexQuery) ([]Hit, error)
	// ClaimPostings returns, for each word, the ids of the claims holding
	// it, or nil when more than maxDF claims hold it.
	ClaimPostings(ctx context.Context, words []string, maxDF int) (map[string][]int64, error)
	// ClaimTexts returns the claims among ids that readers may see or,
	// with drafts, that are not withdrawn.
	ClaimTexts(ctx context.Context, ids []int64, drafts bool) ([]ClaimText, error)
	// CountClaims returns how many claims exist.
	CountClaims(ctx context.Context) (int, error)
	// CountSubscribeRequest records a request of kind by keyHash and
	// returns how many were made after since (the subscriptions' limiter).
	CountSubscribeRequest(ctx context.Context, kind, keyHash string, now, since time.Time) (int, error)
}

// Service searches and matches.
type Service struct {
	store Store
	vocab *claims.Vocabulary
	now   func() time.Time
	// Threshold is the score from which a sentence counts as repeating a
	// claim (see docs/matching.md for how it was chosen).
	threshold float64
	// articles fetches articles for lookups (nil: none); cache keeps them.
	articles ArticleFetcher
	cache    articleCache
	// common remembers words too common to read (see retrieve).
	common commonWords
	// analysed remembers claims analysed for scoring.
	analysed analysedClaims
}

// DefaultThreshold is the match threshold chosen on the labelled set in
// testdata (docs/matching.md).
const DefaultThreshold = 0.6

// New returns a Service; threshold 0 means DefaultThreshold, now nil means
// time.Now.
func New(store Store, vocab *claims.Vocabulary, threshold float64, now func() time.Time) *Service {
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, vocab: vocab, now: now, threshold: threshold}
}

// Threshold returns the score from which a match counts.
func (s *Service) Threshold() float64 { return s.threshold }
