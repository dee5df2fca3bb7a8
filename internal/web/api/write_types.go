package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// Response types of the write API. Each write answers with the record it
// changed, carrying the new version where the record is locked.

// StoryRecord is a story's own fields, drafts included.
type StoryRecord struct {
	StoryCore
	StoryBody
	Published bool `json:"published"`
}

func (h *Handler) toAPIStoryRecord(st claims.Story) StoryRecord {
	return StoryRecord{StoryCore: h.toAPIStoryCore(st), StoryBody: toAPIStoryBody(st), Published: st.Published}
}

// SourceLink is a source as linked to a claim.
type SourceLink struct {
	ClaimID  int64     `json:"claim_id"`
	SourceID int64     `json:"source_id"`
	Stance   string    `json:"stance"`
	LinkedAt time.Time `json:"linked_at"`
	Source   Source    `json:"source"`
}

// ReviewItem is an item of the review queue with the event it is about.
type ReviewItem struct {
	ID       int64      `json:"id"`
	State    string     `json:"state"`
	OpenedAt time.Time  `json:"opened_at"`
	ClosedBy string     `json:"closed_by"`
	ClosedAt *time.Time `json:"closed_at"`
	Event    Event      `json:"event"`
}

func toAPIReviewItem(r claims.ReviewItem) ReviewItem {
	return ReviewItem{ID: r.ID, State: string(r.State), OpenedAt: httpx.UTC(r.OpenedAt), ClosedBy: r.ClosedBy,
		ClosedAt: httpx.UTCPtr(r.ClosedAt), Event: toAPIEvent(r.Event)}
}

func toAPIEvidence(e claims.Evidence) Evidence {
	return Evidence{ID: e.ID, Summary: e.Summary, Stance: string(e.Stance), SourceID: e.SourceID,
		Quote: e.Quote, Actor: e.Actor, Withdrawn: e.Withdrawn, CreatedAt: httpx.UTC(e.CreatedAt)}
}
