package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// reviewAcceptRequest is an optional note for accepting a proposal.
type reviewAcceptRequest struct {
	Note string `json:"note"`
}

// ReviewAccept applies the status proposal a review item is about; 409
// when the item is closed or the claim moved on, 422 when the item is not a
// proposal.
func (h *Handler) ReviewAccept(c echo.Context) error {
	return recordWrite(c, true, http.StatusOK, func(ctx context.Context, a claims.Actor, id int64, r reviewAcceptRequest) (*claims.ReviewItem, error) {
		return h.Desk.AcceptProposal(ctx, a, id, r.Note)
	}, toAPIReviewItem)
}
