package web

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// Response types of the write API. Each write answers with the record it
// changed, carrying the new version where the record is locked.

// apiStoryRecord is a story's own fields, drafts included.
type apiStoryRecord struct {
	ID           int64           `json:"id"`
	Slug         string          `json:"slug"`
	Title        string          `json:"title"`
	Summary      string          `json:"summary"`
	Context      []apiQA         `json:"context"`
	Perspectives apiPerspectives `json:"perspectives"`
	Facts        []apiFact       `json:"facts"`
	Published    bool            `json:"published"`
	Version      int             `json:"version"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
	URL          string          `json:"url"`
}

func (s *Server) toAPIStoryRecord(st claims.Story) apiStoryRecord {
	out := apiStoryRecord{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, Context: make([]apiQA, 0, len(st.Context)),
		Perspectives: apiPerspectives{Agree: nonNil(st.Perspectives.Agree), Split: nonNil(st.Perspectives.Split)},
		Published:    st.Published, Version: st.Version, CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt),
		URL: s.site.Abs(site.StoryURL(st.Slug)), Facts: toAPIFacts(st.Facts)}
	for _, qa := range st.Context {
		out.Context = append(out.Context, apiQA(qa))
	}
	return out
}

// apiSourceLink is a source as linked to a claim.
type apiSourceLink struct {
	ClaimID  int64     `json:"claim_id"`
	SourceID int64     `json:"source_id"`
	Stance   string    `json:"stance"`
	LinkedAt time.Time `json:"linked_at"`
	Source   apiSource `json:"source"`
}

// apiReviewItem is an item of the review queue with the event it is about.
type apiReviewItem struct {
	ID       int64      `json:"id"`
	State    string     `json:"state"`
	OpenedAt time.Time  `json:"opened_at"`
	ClosedBy string     `json:"closed_by"`
	ClosedAt *time.Time `json:"closed_at"`
	Event    apiEvent   `json:"event"`
}

func toAPIReviewItem(r claims.ReviewItem) apiReviewItem {
	return apiReviewItem{ID: r.ID, State: string(r.State), OpenedAt: httpx.UTC(r.OpenedAt), ClosedBy: r.ClosedBy,
		ClosedAt: httpx.UTCPtr(r.ClosedAt), Event: toAPIEvent(r.Event)}
}

func toAPIEvidence(e claims.Evidence) apiEvidence {
	return apiEvidence{ID: e.ID, Summary: e.Summary, Stance: string(e.Stance), SourceID: e.SourceID,
		Quote: e.Quote, Actor: e.Actor, Withdrawn: e.Withdrawn, CreatedAt: httpx.UTC(e.CreatedAt)}
}
