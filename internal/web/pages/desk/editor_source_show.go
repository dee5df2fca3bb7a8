package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceShow serves GET /editor/sources/{id}: the source, the claims
// it backs, its newest checks and its stored copies with what each changed.
func (s *Handler) SourceShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	h, err := s.Sources.SourceHistory(c.Request().Context(), id,
		claims.Page{Limit: editorSourceChecks}, claims.Page{Limit: editorSourceSnapshots})
	if err != nil {
		return err
	}
	p := s.buildEditorSourcePage(s.Now(), h)
	p.Bar = editorBarOf(c)
	return s.RenderEditor(c, http.StatusOK, "editor_source", p)
}
