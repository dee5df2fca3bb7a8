package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceUnlink ends a source's link to a claim; the link stays on the
// record as a source_unlinked event.
func (h *Handler) SourceUnlink(c echo.Context) error {
	id, sourceID, err := httpx.PathIDs(c, "source_id")
	if err != nil {
		return err
	}
	if err := h.Writer.UnlinkSource(c.Request().Context(), httpx.ActorOf(c), id, sourceID, ""); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
