package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiReviewReviewed marks a review item as seen; 409 when already closed.
func (s *Server) apiReviewReviewed(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.MarkReviewed(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, toAPIReviewItem(*r))
}
