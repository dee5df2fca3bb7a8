package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiClaimReviewList exports every resolved claim of the published stories
// as schema.org ClaimReview objects, in one JSON array.
func (s *Server) apiClaimReviewList(c echo.Context) error {
	reviews, err := s.svc.Reviews(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]claimReviewLD, 0, len(reviews))
	for _, r := range reviews {
		out = append(out, s.claimReviewLD(r))
	}
	return writeJSON(c, http.StatusOK, out)
}
