package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// Dashboard list sizes: enough for a morning's work, small enough to scan.
const (
	dashboardRecent  = 30
	dashboardStories = 200
	dashboardOpen    = 200
)

// DashboardShow serves /editor: the review queue and the claims
// assigned to me first, then claims past their review date, open claims by
// story, the stories, and recent changes by others. It reads a fixed number
// of queries however long the lists are.
func (s *Handler) DashboardShow(c echo.Context) error {
	return s.renderDashboard(c, http.StatusOK, storyCreateForm{})
}

// renderDashboard renders the dashboard with the "New story" form as given
// (the editor's input after a failed create).
func (s *Handler) renderDashboard(c echo.Context, status int, form storyCreateForm) error {
	ctx := c.Request().Context()
	viewer := httpx.ActorOf(c)
	now := s.Now()
	queue, err := s.Review.ReviewQueue(ctx, viewer, claims.ReviewQuery{})
	if err != nil {
		return err
	}
	due, err := s.Review.ClaimsDueForReview(ctx, now)
	if err != nil {
		return err
	}
	recent, err := s.Review.RecentEvents(ctx, viewer.UserID, dashboardRecent)
	if err != nil {
		return err
	}
	stories, err := s.Stories.ListStories(ctx, false, claims.Page{Limit: dashboardStories})
	if err != nil {
		return err
	}
	assigned, err := s.Claims.ListClaims(ctx, claims.ClaimQuery{AssigneeID: viewer.UserID, OpenOnly: true, Page: claims.Page{Limit: dashboardOpen}})
	if err != nil {
		return err
	}
	open, err := s.Claims.ListClaims(ctx, claims.ClaimQuery{OpenOnly: true, Page: claims.Page{Limit: dashboardOpen}})
	if err != nil {
		return err
	}
	// One read names every claim the queue and the recent changes are about.
	events := make([]claims.Event, 0, len(queue)+len(recent))
	for _, r := range queue {
		events = append(events, r.Event)
	}
	named, err := s.Claims.ListClaims(ctx, claims.ClaimQuery{IDs: claimIDsOf(append(events, recent...))})
	if err != nil {
		return err
	}
	refs := make(map[int64]claims.ClaimRef, len(named))
	for _, r := range named {
		refs[r.ID] = r
	}
	p := dashboardPage{Meta: s.Meta("Editor dashboard", "", ""), Bar: editorBarOf(c), Flash: flashOf(c), NewStory: form}
	for _, r := range queue {
		row := s.newReviewRow(now, r)
		nameClaim(refs, r.Event.ClaimID, &row.ClaimLabel, &row.StoryTitle, &row.StoryURL)
		p.Review = append(p.Review, row)
	}
	if viewer.UserID != 0 {
		for _, r := range assigned {
			p.Assigned = append(p.Assigned, s.newClaimRefRow(now, r))
		}
	}
	p.Open = s.groupOpen(now, open)
	for _, cl := range due {
		p.Due = append(p.Due, s.newDueRow(cl))
	}
	for _, e := range recent {
		row := s.newRecentRow(e)
		nameClaim(refs, e.ClaimID, &row.ClaimLabel, &row.StoryTitle, &row.StoryURL)
		p.Recent = append(p.Recent, row)
	}
	for _, st := range stories {
		p.Stories = append(p.Stories, newStoryRow(st))
	}
	return s.RenderEditor(c, status, "editor_dashboard", p)
}
