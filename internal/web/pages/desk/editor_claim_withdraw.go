package desk

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ClaimWithdraw serves POST /editor/claims/{id}/withdraw: a mistaken
// claim is withdrawn with a public note and stays on the record.
func (s *Handler) ClaimWithdraw(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := textForm{Text: c.FormValue("note")}
	_, err = s.Claims.WithdrawClaim(c.Request().Context(), httpx.ActorOf(c), id, f.Text)
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id), "withdrawn")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) { f.setError(err); p.WithdrawForm = f })
}
