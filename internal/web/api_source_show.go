package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiSourceShow returns a source linked to a claim of a published story;
// any other is 404, so readers cannot probe the sources of drafts.
func (s *Server) apiSourceShow(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	src, err := s.svc.PublicSource(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, toAPISource(*src))
}
