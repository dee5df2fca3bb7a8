package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// Shared plumbing of the editor's pages: every form posts, and on success
// redirects (303) to a page that shows a message chosen by key; on bad
// input the page is rendered again with the editor's input and the errors.

// editorBarOf names the signed-in editor for the navigation bar.
func editorBarOf(c echo.Context) editorBar { return view.EditorBarOf(c) }

// flashOf returns the message for the ?done= key of a redirect, if any.
func flashOf(c echo.Context) string { return flashes[c.QueryParam("done")] }

// storyInPath loads the story the path's slug names, drafts included.
func (s *Handler) storyInPath(c echo.Context) (*claims.Story, error) {
	return s.Stories.StoryBySlug(c.Request().Context(), c.Param("slug"))
}
