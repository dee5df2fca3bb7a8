package desk

import "github.com/labstack/echo/v4"

// ClaimWithdraw serves POST /editor/claims/{id}/withdraw: a mistaken
// claim is withdrawn with a public note and stays on the record.
func (s *Handler) ClaimWithdraw(c echo.Context) error {
	return saveClaimText(s, c, "note", "withdrawn", s.Claims.WithdrawClaim, func(p *claimEditorPage) *textForm { return &p.WithdrawForm })
}
