package desk

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// EvidenceWithdraw serves POST /editor/claims/{id}/evidence/{evidence_id}/withdraw:
// the evidence stays listed, struck, with the note.
func (s *Handler) EvidenceWithdraw(c echo.Context) error {
	return s.saveClaimPart(c, "evidence_id", "evidence-withdrawn", func(ctx context.Context, a claims.Actor, _, evID int64, note string) (int64, error) {
		ev, err := s.Claims.WithdrawEvidence(ctx, a, evID, note)
		if err != nil {
			return 0, err
		}
		// The evidence names its claim; the path's id is only where the form was.
		return ev.ClaimID, nil
	})
}
