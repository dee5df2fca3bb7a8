package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// Response types of the write API. Each write answers with the record it
// changed, carrying the new version where the record is locked.

// StoryRecord is a story's own fields, drafts included.
type StoryRecord struct {
	ID           int64        `json:"id"`
	Slug         string       `json:"slug"`
	Title        string       `json:"title"`
	Summary      string       `json:"summary"`
	Context      []QA         `json:"context"`
	Perspectives Perspectives `json:"perspectives"`
	Facts        []Fact       `json:"facts"`
	Published    bool         `json:"published"`
	Version      int          `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	URL          string       `json:"url"`
}

func (h *Handler) toAPIStoryRecord(st claims.Story) StoryRecord {
	out := StoryRecord{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, Context: make([]QA, 0, len(st.Context)),
		Perspectives: Perspectives{Agree: nonNil(st.Perspectives.Agree), Split: nonNil(st.Perspectives.Split)},
		Published:    st.Published, Version: st.Version, CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt),
		URL: h.Site.Abs(site.StoryURL(st.Slug)), Facts: toAPIFacts(st.Facts)}
	for _, qa := range st.Context {
		out.Context = append(out.Context, QA(qa))
	}
	return out
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
