package reader

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// StoryShow serves a published story's page. A cache hit touches neither
// the database nor the templates; a write to the story drops the page.
func (s *Handler) StoryShow(c echo.Context) error {
	// Editors get the Edit link and drafts: a page per user, never cached.
	if httpx.CanEdit(c) {
		return s.storyShowEditor(c, c.Param("slug"))
	}
	slug := c.Param("slug")
	return s.sendCached(c, StoryKey(slug), "story", func(ctx context.Context) (int64, any, error) {
		if !claims.ValidSlug(slug) {
			return 0, nil, noStory()
		}
		st, err := s.Story.PublicStory(ctx, slug)
		if err != nil {
			return 0, nil, err
		}
		page, err := s.storyPageOf(ctx, st)
		return st.ID, page, err
	})
}

func noStory() error { return claims.Errorf(claims.ENOTFOUND, "story not found") }

// storyPageOf builds a story's public page.
func (s *Handler) storyPageOf(ctx context.Context, st *claims.Story) (storyPage, error) {
	v, err := s.storyView(ctx, st.ID)
	if err != nil {
		return storyPage{}, err
	}
	page := s.buildStoryPage(v)
	page.Facts = newFactItems(v.detail.Story.Facts, v.outlets)
	return page, nil
}

// storyView reads the story page's data, what readers are told of its
// sources, and for each resolved claim the event that settled it.
func (s *Handler) storyView(ctx context.Context, storyID int64) (storyView, error) {
	d, err := s.Story.StoryDetail(ctx, storyID)
	if err != nil {
		return storyView{}, err
	}
	vocab := s.Site.Vocab
	v := storyView{detail: d, settling: map[int64]claims.Event{}, outlets: map[int64]string{}, vocab: vocab, now: s.Now()}
	for _, src := range d.Named {
		v.outlets[src.ID] = src.Outlet
	}
	// The detail holds only the sources the page lists, however many the
	// story has: notes are read for those.
	if v.notes, err = s.Claims.SourceNotes(ctx, d.Sources); err != nil {
		return storyView{}, err
	}
	// A resolved claim's newest event usually settled it; the others'
	// settling events are read together, one query however many.
	var unsettled []int64
	for _, c := range d.Claims {
		if c.Withdrawn || !vocab.IsResolved(c.Status) {
			continue
		}
		if claims.GaveStatus(c.Latest, c.Claim) {
			v.settling[c.ID] = *c.Latest
			continue
		}
		unsettled = append(unsettled, c.ID)
	}
	settled, err := s.Story.SettlingEvents(ctx, unsettled)
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
