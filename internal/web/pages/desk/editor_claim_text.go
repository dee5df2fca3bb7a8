package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ClaimText serves POST /editor/claims/{id}/text: new wording or a new
// "what would settle it". A stale version shows the editor's text beside
// the claim as it now stands (409).
func (s *Handler) ClaimText(c echo.Context) error {
	id, v, err := httpx.IDAndVersion(c)
	if err != nil {
		return err
	}
	f := claimTextForm{Text: c.FormValue("text"), WhatWouldSettle: c.FormValue("what_would_settle"), Note: c.FormValue("note"), Version: v}
	_, err = s.Claims.UpdateClaim(c.Request().Context(), httpx.ActorOf(c), id,
		claims.ClaimPatch{Text: &f.Text, WhatWouldSettle: &f.WhatWouldSettle, Note: f.Note, Version: v})
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id), "text")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) {
		if cur, ok := conflictClaim(err); ok {
			p.Conflict = s.newClaimConflict(cur)
			p.Conflict.YourText, p.Conflict.YourSettle, p.Conflict.YourNote = f.Text, f.WhatWouldSettle, f.Note
			f.Version, f.Message = cur.Version, staleMessage
		} else {
			f.setError(err)
		}
		p.TextForm = f
	})
}
