package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// withdrawRequest says why something is withdrawn.
type withdrawRequest struct {
	Note string `json:"note"`
}

// apiClaimWithdraw withdraws a mistaken claim; it stays on the record.
func (s *Server) apiClaimWithdraw(c echo.Context) error {
	id, req, err := idAndBody[withdrawRequest](c, false)
	if err != nil {
		return err
	}
	cl, err := s.svc.WithdrawClaim(c.Request().Context(), actorOf(c), id, req.Note)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, s.toAPIClaimRecord(*cl))
}
