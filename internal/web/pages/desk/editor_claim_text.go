package desk

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
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
	return s.claimSaved(c, err, id, "text", func(p *claimEditorPage) {
		if cf := s.staleClaim(p, err, &f.formState, &f.Version); cf != nil {
			cf.YourText, cf.YourSettle, cf.YourNote = f.Text, f.WhatWouldSettle, f.Note
		}
		p.TextForm = f
	})
}
