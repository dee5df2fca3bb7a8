package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// StorySave serves POST /editor/stories/{slug}. A stale version shows
// the editor's text beside the story as it now stands (409), with the form
// still holding the editor's text and the current version, so saving again
// is a deliberate choice.
func (s *Handler) StorySave(c echo.Context) error {
	f, err := storyFormFrom(c)
	if err != nil {
		return err
	}
	st, err := s.Stories.UpdateStory(c.Request().Context(), httpx.ActorOf(c), c.Param("slug"), f.patch())
	if status, ok := httpx.FormFailure(err); ok {
		return s.renderStoryEditor(c, status, func(p *storyEditorPage) {
			if cur, isStory := httpx.AsClaimsError(err).Current.(claims.Story); isStory {
				now := newStoryForm(&cur)
				p.Conflict = &now
				f.Version = cur.Version
				f.Message = "Not saved: someone else changed this story first."
			} else {
				f.setError(err)
			}
			p.Form = f
		})
	}
	if err != nil {
		return err
	}
	return httpx.RedirectDone(c, view.EditStoryURL(st.Slug), "story-saved")
}
