package desk

import (
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// dashboardPage is the view of /editor.
type dashboardPage struct {
	Meta     view.Meta
	Bar      editorBar
	Flash    string
	Review   []reviewRow
	Assigned []claimRefRow
	Due      []dueRow
	Open     []openStoryGroup
	Recent   []recentRow
	Stories  []storyRow
	NewStory storyCreateForm
}

// reviewRow is one open review item: what happened, to which claim, by
// whom and when.
type reviewRow struct {
	ID         int64
	What       string
	Note       string
	ClaimURL   string
	ClaimLabel string
	StoryTitle string
	StoryURL   string
	Who        string
	When       string
	ISO        string
	Proposal   bool
}

// dueRow is a claim past its review date.
type dueRow struct {
	Text  string
	URL   string
	Badge view.Badge
	Due   string
}

// recentRow is one recent change by another editor.
type recentRow struct {
	reader.TimelineEntry
	Internal   bool
	ClaimURL   string
	ClaimLabel string
	StoryTitle string
	StoryURL   string
}

// storyRow is a story in the editor's list, drafts included.
type storyRow struct {
	Title      string
	EditURL    string
	PublicURL  string
	Published  bool
	Unresolved int
	Resolved   int
}

// storyCreateForm is the "New story" form.
type storyCreateForm struct {
	formState
	Title     string
	Slug      string
	Summary   string
	Published bool
}

// claimLabel names a claim in lists where only its id is at hand.
func claimLabel(id *int64) (url, label string) {
	if id == nil {
		return "", ""
	}
	return view.EditClaimURL(*id), "Claim #" + strconv.FormatInt(*id, 10)
}

func (s *Handler) newReviewRow(now time.Time, r claims.ReviewItem) reviewRow {
	t := reader.NewTimelineEntry(s.Site.Vocab, r.Event)
	row := reviewRow{ID: r.ID, What: t.What, Note: t.Note, Who: t.Who, When: view.RelTime(now, r.Event.At), ISO: t.ISO,
		Proposal: r.Event.Kind == claims.EventStatusProposed}
	row.ClaimURL, row.ClaimLabel = claimLabel(r.Event.ClaimID)
	return row
}

func (s *Handler) newRecentRow(e claims.Event) recentRow {
	row := recentRow{TimelineEntry: reader.NewTimelineEntry(s.Site.Vocab, e), Internal: !e.Public}
	row.ClaimURL, row.ClaimLabel = claimLabel(e.ClaimID)
	return row
}

func (s *Handler) newDueRow(c claims.Claim) dueRow {
	return dueRow{Text: c.Text, URL: view.EditClaimURL(c.ID), Badge: view.NewBadge(s.Site.Vocab, c.Status), Due: dateInput(c.ReviewBy)}
}

func newStoryRow(st claims.StorySummary) storyRow {
	return storyRow{Title: st.Title, EditURL: view.EditStoryURL(st.Slug), PublicURL: site.StoryURL(st.Slug), Published: st.Published,
		Unresolved: st.Unresolved, Resolved: st.Resolved}
}
