package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiEvidenceWithdraw withdraws a piece of evidence; it stays on the record.
func (s *Server) apiEvidenceWithdraw(c echo.Context) error {
	id, req, err := httpx.IDAndBody[withdrawRequest](c, false)
	if err != nil {
		return err
	}
	e, err := s.svc.WithdrawEvidence(c.Request().Context(), httpx.ActorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIEvidence(*e))
}
