package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// StoryCreate serves POST /editor/stories, the dashboard's "New
// story" form; on success it opens the new story's editor.
func (s *Handler) StoryCreate(c echo.Context) error {
	f := storyCreateForm{Title: c.FormValue("title"), Slug: c.FormValue("slug"), Summary: c.FormValue("summary"),
		Published: c.FormValue("published") != ""}
	st, err := s.Stories.CreateStory(c.Request().Context(), httpx.ActorOf(c), claims.NewStory{
		Title: f.Title, Slug: f.Slug, Summary: f.Summary, Published: f.Published,
	})
	if status, ok := httpx.FormFailure(err); ok {
		f.setError(err)
		if status == http.StatusConflict {
			// The only conflict on create is a slug already taken.
			f.Errors = map[string]string{"slug": "another story already uses this address; choose another"}
			status = http.StatusUnprocessableEntity
		}
		return s.renderDashboard(c, status, f)
	}
	if err != nil {
		return err
	}
	return httpx.RedirectDone(c, view.EditStoryURL(st.Slug), "story-created")
}
