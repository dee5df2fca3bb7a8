package reader

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// storyShowEditor serves a story's public page to a signed-in editor,
// drafts included, never from or into the page cache.
func (s *Handler) storyShowEditor(c echo.Context, slug string) error {
	if !claims.ValidSlug(slug) {
		return noStory()
	}
	ctx := c.Request().Context()
	st, err := s.Story.StoryBySlug(ctx, slug)
	if err != nil {
		return err
	}
	page, err := s.storyPageOf(ctx, st)
	if err != nil {
		return err
	}
	page.Meta.Desk = &view.DeskStrip{EditURL: view.EditStoryURL(slug), Draft: !st.Published}
	if !st.Published {
		page.Meta.Desk.PublishURL, page.Meta.Desk.Version = view.EditStoryURL(slug)+"/publish", st.Version
	}
	return s.RenderEditor(c, http.StatusOK, "story", page)
}
