package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiSourceShow returns a source linked to a claim of a published story;
// any other is 404, so readers cannot probe the sources of drafts.
func (s *Server) apiSourceShow(c echo.Context) error {
	return httpx.ShowJSON(c, httpx.WriteJSON, s.svc.PublicSource, func(src *claims.Source) apiSource { return toAPISource(*src) })
}
