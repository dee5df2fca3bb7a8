package desk

import (
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// NoteCreate serves POST /editor/claims/{id}/notes: an internal note,
// on the timeline for editors only.
func (s *Handler) NoteCreate(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := textForm{Text: c.FormValue("text")}
	_, err = s.Claims.AddNote(c.Request().Context(), httpx.ActorOf(c), id, f.Text)
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id), "note")
	}
	return s.claimFormFailed(c, err, func(p *claimEditorPage) { f.setError(err); p.NoteForm = f })
}
