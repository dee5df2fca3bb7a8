package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// EvidenceWithdraw withdraws a piece of evidence; it stays on the record.
func (h *Handler) EvidenceWithdraw(c echo.Context) error {
	return recordWrite(c, false, http.StatusOK, func(ctx context.Context, a claims.Actor, id int64, r withdrawRequest) (*claims.Evidence, error) {
		return h.Writer.WithdrawEvidence(ctx, a, id, r.Note)
	}, toAPIEvidence)
}
