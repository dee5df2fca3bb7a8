package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiReviewDismiss closes a review item without acting on it; 409 when
// already closed.
func (s *Server) apiReviewDismiss(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.DismissProposal(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, toAPIReviewItem(*r))
}
