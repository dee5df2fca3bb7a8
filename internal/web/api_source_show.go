package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// apiSourceShow returns a source linked to a claim of a published story;
// any other is 404, so readers cannot probe the sources of drafts.
func (s *Server) apiSourceShow(c echo.Context) error {
	return showJSON(c, writeJSON, s.svc.PublicSource, func(src *claims.Source) apiSource { return toAPISource(*src) })
}
