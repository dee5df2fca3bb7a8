package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// withdrawRequest says why something is withdrawn.
type withdrawRequest struct {
	Note string `json:"note"`
}

// ClaimWithdraw withdraws a mistaken claim; it stays on the record.
func (h *Handler) ClaimWithdraw(c echo.Context) error {
	return recordWrite(c, false, http.StatusOK, func(ctx context.Context, a claims.Actor, id int64, r withdrawRequest) (*claims.Claim, error) {
		return h.Writer.WithdrawClaim(ctx, a, id, r.Note)
	}, h.toAPIClaimRecord)
}
