package api

import "github.com/labstack/echo/v4"

// EvidenceWithdraw withdraws a piece of evidence; it stays on the record.
func (h *Handler) EvidenceWithdraw(c echo.Context) error {
	return noteWrite(c, false, h.Writer.WithdrawEvidence, toAPIEvidence)
}
