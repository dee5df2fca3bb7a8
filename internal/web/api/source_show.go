package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceShow returns a source linked to a claim of a published story;
// any other is 404, so readers cannot probe the sources of drafts.
func (h *Handler) SourceShow(c echo.Context) error {
	return httpx.ShowJSON(c, httpx.WriteJSON, h.Reader.PublicSource, func(src *claims.Source) Source { return toAPISource(*src) })
}
