package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// claimShow serves a claim of a published story with its evidence, sources
// and whole public timeline.
func (s *Server) claimShow(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.ClaimDetail(c.Request().Context(), id, true)
	if err != nil {
		return err
	}
	return s.renderPage(c, http.StatusOK, "claim", s.buildClaimPage(s.now(), d))
}
