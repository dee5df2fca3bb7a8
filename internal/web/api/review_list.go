package api

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ReviewList returns the open review items, newest first and paged,
// leaving out those about the viewer's own changes.
func (h *Handler) ReviewList(c echo.Context) error {
	queue := func(ctx context.Context, p claims.Page) ([]claims.ReviewItem, error) {
		return h.Desk.ReviewQueue(ctx, httpx.ActorOf(c), claims.ReviewQuery{Page: p})
	}
	return httpx.PageJSON(c, httpx.WritePrivateJSON, queue, func(r claims.ReviewItem) int64 { return r.ID }, toAPIReviewItem)
}
