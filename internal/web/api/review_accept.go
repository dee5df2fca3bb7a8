package api

import "github.com/labstack/echo/v4"

// ReviewAccept applies the status proposal a review item is about; 409
// when the item is closed or the claim moved on, 422 when the item is not a
// proposal.
func (h *Handler) ReviewAccept(c echo.Context) error {
	return noteWrite(c, true, h.Desk.AcceptProposal, toAPIReviewItem)
}
