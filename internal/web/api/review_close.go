package api

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ReviewReviewed marks a review item as seen; 409 when already closed.
func (h *Handler) ReviewReviewed(c echo.Context) error { return h.closeReview(c, h.Desk.MarkReviewed) }

// ReviewDismiss closes a review item without acting on it; 409 when
// already closed.
func (h *Handler) ReviewDismiss(c echo.Context) error {
	return h.closeReview(c, h.Desk.DismissProposal)
}

// closeReview closes the review item the path names with close, which
// takes no input, and answers with the item as it now stands.
func (h *Handler) closeReview(c echo.Context, close func(context.Context, claims.Actor, int64) (*claims.ReviewItem, error)) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	r, err := close(c.Request().Context(), httpx.ActorOf(c), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIReviewItem(*r))
}
