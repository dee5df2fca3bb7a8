package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// withdrawRequest says why something is withdrawn.
type withdrawRequest struct {
	Note string `json:"note"`
}

// ClaimWithdraw withdraws a mistaken claim; it stays on the record.
func (h *Handler) ClaimWithdraw(c echo.Context) error {
	id, req, err := httpx.IDAndBody[withdrawRequest](c, false)
	if err != nil {
		return err
	}
	cl, err := h.Writer.WithdrawClaim(c.Request().Context(), httpx.ActorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, h.toAPIClaimRecord(*cl))
}
