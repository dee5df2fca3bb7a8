package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// apiReviewList returns the open review items, newest first and paged,
// leaving out those about the viewer's own changes.
func (s *Server) apiReviewList(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	items, err := s.svc.ReviewQueue(c.Request().Context(), actorOf(c), claims.ReviewQuery{Page: fetchPage(p)})
	if err != nil {
		return err
	}
	return writePrivateJSON(c, http.StatusOK, paged(p, items, func(r claims.ReviewItem) int64 { return r.ID }, toAPIReviewItem))
}
