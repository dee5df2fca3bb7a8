package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
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
	id, req, err := httpx.IDAndBody[reviewAcceptRequest](c, true)
	if err != nil {
		return err
	}
	r, err := h.Desk.AcceptProposal(c.Request().Context(), httpx.ActorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIReviewItem(*r))
}
