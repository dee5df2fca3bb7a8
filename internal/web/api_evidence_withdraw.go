package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiEvidenceWithdraw withdraws a piece of evidence; it stays on the record.
func (s *Server) apiEvidenceWithdraw(c echo.Context) error {
	id, req, err := idAndBody[withdrawRequest](c, false)
	if err != nil {
		return err
	}
	e, err := s.svc.WithdrawEvidence(c.Request().Context(), actorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, toAPIEvidence(*e))
}
