package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// sourceChangesShow shows readers what changed in the text of a source of a
// published story, check by check.
func (s *Server) sourceChangesShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	src, changes, err := s.svc.PublicSourceChanges(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.renderPage(c, http.StatusOK, "source_changes", s.buildSourceChangesPage(*src, changes))
}
