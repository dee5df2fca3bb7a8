package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// EvidenceWithdraw withdraws a piece of evidence; it stays on the record.
func (h *Handler) EvidenceWithdraw(c echo.Context) error {
	id, req, err := httpx.IDAndBody[withdrawRequest](c, false)
	if err != nil {
		return err
	}
	e, err := h.Writer.WithdrawEvidence(c.Request().Context(), httpx.ActorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, toAPIEvidence(*e))
}
