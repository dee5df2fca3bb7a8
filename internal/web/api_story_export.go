package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/storyfile"
	"github.com/labstack/echo/v4"
)

var hdrYAML = []string{"application/yaml; charset=utf-8"}

// apiStoryExport answers a story as a story file (docs/import.md). Readers
// get published stories without what only editors see (watches, paused
// checks); editors get any story, whole, ready to import elsewhere.
func (s *Server) apiStoryExport(c echo.Context) error {
	editor := auth.Can(currentUser(c), auth.ActionEdit)
	f, err := s.svc.ExportStory(c.Request().Context(), c.Param("slug"), !editor)
	if err != nil {
		return err
	}
	b, err := storyfile.Format(f)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h["Content-Type"] = hdrYAML
	h["X-Content-Type-Options"] = hdrNosniff
	h["Cache-Control"] = hdrNoCache
	if editor {
		h["Cache-Control"] = hdrPrivate
	}
	h.Set("Content-Disposition", `inline; filename="`+f.Slug+`.yaml"`)
	return c.Blob(http.StatusOK, hdrYAML[0], b)
}
