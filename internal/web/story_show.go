package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// storyShow serves a published story's page. A cache hit touches neither the
// database nor the templates; a write to the story drops the page.
func (s *Server) storyShow(c echo.Context) error {
	slug := c.Param("slug")
	// Editors get the Edit link and drafts: a page per
	// user, never cached.
	editor := auth.Can(httpx.CurrentUser(c), auth.ActionEdit)
	if p := s.pages.Get(slug); p != nil && !editor {
		return httpx.SendPage(c, p)
	}
	if !claims.ValidSlug(slug) {
		return claims.Errorf(claims.ENOTFOUND, "story not found")
	}
	if editor {
		return s.storyShowEditor(c, slug)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.pages.Fill(slug, func() (int64, []byte, error) {
		st, err := s.svc.PublicStory(ctx, slug)
		if err != nil {
			return 0, nil, err
		}
		page, err := s.storyPageOf(ctx, st)
		if err != nil {
			return 0, nil, err
		}
		b, err := s.views.Render("story", page)
		s.metrics.PageRender("story")
		return st.ID, b, err
	})
	if err != nil {
		return err
	}
	return httpx.SendPage(c, p)
}

// storyPageOf builds a story's public page.
func (s *Server) storyPageOf(ctx context.Context, st *claims.Story) (storyPage, error) {
	v, err := s.storyView(ctx, st.ID)
	if err != nil {
		return storyPage{}, err
	}
	page := s.buildStoryPage(v)
	page.Facts = newFactItems(v.detail.Story.Facts, v.detail.Sources)
	return page, nil
}

// storyView reads the story page's data, what readers are told of its
// sources, and for each resolved claim the event that settled it.
func (s *Server) storyView(ctx context.Context, storyID int64) (storyView, error) {
	d, err := s.svc.StoryDetail(ctx, storyID)
	if err != nil {
		return storyView{}, err
	}
	v := storyView{detail: d, settling: map[int64]claims.Event{}, outlets: map[int64]string{}, vocab: s.vocab, now: s.now()}
	for _, src := range d.Sources {
		v.outlets[src.ID] = src.Outlet
	}
	if v.notes, err = s.svc.SourceNotes(ctx, d.Sources); err != nil {
		return storyView{}, err
	}
	// A resolved claim's newest event usually settled it; the others'
	// settling events are read together, one query however many.
	var unsettled []int64
	for _, c := range d.Claims {
		if c.Withdrawn || !s.vocab.IsResolved(c.Status) {
			continue
		}
		if claims.GaveStatus(c.Latest, c.Claim) {
			v.settling[c.ID] = *c.Latest
			continue
		}
		unsettled = append(unsettled, c.ID)
	}
	settled, err := s.svc.SettlingEvents(ctx, unsettled)
	if err != nil {
		return storyView{}, err
	}
	for _, c := range d.Claims {
		if e, ok := settled[c.ID]; ok && claims.GaveStatus(&e, c.Claim) {
			v.settling[c.ID] = e
		}
	}
	return v, nil
}
