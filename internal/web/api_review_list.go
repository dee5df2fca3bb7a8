package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiReviewList returns the open review items, newest first and paged,
// leaving out those about the viewer's own changes.
func (s *Server) apiReviewList(c echo.Context) error {
	queue := func(ctx context.Context, p claims.Page) ([]claims.ReviewItem, error) {
		return s.svc.ReviewQueue(ctx, httpx.ActorOf(c), claims.ReviewQuery{Page: p})
	}
	return httpx.PageJSON(c, httpx.WritePrivateJSON, queue, func(r claims.ReviewItem) int64 { return r.ID }, toAPIReviewItem)
}
