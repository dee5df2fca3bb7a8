package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// apiClaimTimeline returns a claim's public timeline newest first, paged.
func (s *Server) apiClaimTimeline(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	events, err := s.svc.Timeline(c.Request().Context(), id, true, fetchPage(p))
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, paged(p, events, func(e claims.Event) int64 { return e.ID }, toAPIEvent))
}
