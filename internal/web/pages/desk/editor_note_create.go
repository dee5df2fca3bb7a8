package desk

import "github.com/labstack/echo/v4"

// NoteCreate serves POST /editor/claims/{id}/notes: an internal note,
// on the timeline for editors only.
func (s *Handler) NoteCreate(c echo.Context) error {
	return saveClaimText(s, c, "text", "note", s.Claims.AddNote, func(p *claimEditorPage) *textForm { return &p.NoteForm })
}
