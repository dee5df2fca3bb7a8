package desk

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// EvidenceWithdraw serves POST /editor/claims/{id}/evidence/{evidence_id}/withdraw:
// the evidence stays listed, struck, with the note.
func (s *Handler) EvidenceWithdraw(c echo.Context) error {
	_, evID, err := httpx.PathIDs(c, "evidence_id")
	if err != nil {
		return err
	}
	ev, err := s.Claims.WithdrawEvidence(c.Request().Context(), httpx.ActorOf(c), evID, c.FormValue("note"))
	if err == nil {
		// The evidence names its claim; the path's id is only where the form was.
		return httpx.RedirectDone(c, view.EditClaimURL(ev.ClaimID), "evidence-withdrawn")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) { p.PageMessage = httpx.AsClaimsError(err).Message })
}
