package api

import "github.com/labstack/echo/v4"

// ClaimWithdraw withdraws a mistaken claim; it stays on the record.
func (h *Handler) ClaimWithdraw(c echo.Context) error {
	return noteWrite(c, false, h.Writer.WithdrawClaim, h.toAPIClaimRecord)
}
