package desk

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// SourceUnlink serves POST /editor/claims/{id}/sources/{source_id}/unlink:
// the link ends with a source_unlinked event; nothing is deleted.
func (s *Handler) SourceUnlink(c echo.Context) error {
	return s.saveClaimPart(c, "source_id", "source-unlinked", func(ctx context.Context, a claims.Actor, id, sourceID int64, note string) (int64, error) {
		return id, s.Claims.UnlinkSource(ctx, a, id, sourceID, note)
	})
}
