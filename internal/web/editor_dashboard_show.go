package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Dashboard list sizes: enough for a morning's work, small enough to scan.
const (
	dashboardRecent  = 30
	dashboardStories = 200
)

// editorDashboardShow serves /editor: the review queue first, then claims
// past their review date, recent changes by others, and the stories.
func (s *Server) editorDashboardShow(c echo.Context) error {
	return s.renderDashboard(c, http.StatusOK, storyCreateForm{})
}

// renderDashboard renders the dashboard with the "New story" form as given
// (the editor's input after a failed create).
func (s *Server) renderDashboard(c echo.Context, status int, form storyCreateForm) error {
	ctx := c.Request().Context()
	viewer := actorOf(c)
	now := s.now()
	queue, err := s.svc.ReviewQueue(ctx, viewer, claims.ReviewQuery{})
	if err != nil {
		return err
	}
	due, err := s.svc.ClaimsDueForReview(ctx, now)
	if err != nil {
		return err
	}
	recent, err := s.svc.RecentEvents(ctx, viewer.UserID, dashboardRecent)
	if err != nil {
		return err
	}
	stories, err := s.svc.ListStories(ctx, false, claims.Page{Limit: dashboardStories})
	if err != nil {
		return err
	}
	p := dashboardPage{Meta: s.meta("Editor dashboard", "", ""), Bar: editorBarOf(c), Flash: flashOf(c), NewStory: form}
	for _, r := range queue {
		p.Review = append(p.Review, s.newReviewRow(now, r))
	}
	for _, cl := range due {
		p.Due = append(p.Due, s.newDueRow(cl))
	}
	for _, e := range recent {
		p.Recent = append(p.Recent, s.newRecentRow(e))
	}
	for _, st := range stories {
		p.Stories = append(p.Stories, newStoryRow(st))
	}
	return s.renderEditor(c, status, "editor_dashboard", p)
}
