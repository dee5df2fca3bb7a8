package desk

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// The claim editor's forms differ in what they read and which service call
// they make; how they end, and the two kinds of form that differ only in
// the call, are written once here.

// claimSaved ends a claim editor form: after a save, back to the claim
// with the done notice; after a refusal the editor can fix, the editor
// again with their input put back by keep (see claimFormFailed).
func (s *Handler) claimSaved(c echo.Context, err error, id int64, done string, keep func(p *claimEditorPage)) error {
	if err == nil {
		return httpx.RedirectDone(c, view.EditClaimURL(id), done)
	}
	return s.claimFormFailed(c, err, keep)
}

// saveClaimText runs a claim form of one text field (a note, a
// withdrawal's reason): field names it in the form, save makes the change,
// and slot is where the page shows the form again when it is refused.
func saveClaimText[T any](s *Handler, c echo.Context, field, done string,
	save func(ctx context.Context, actor claims.Actor, id int64, text string) (T, error), slot func(p *claimEditorPage) *textForm) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	f := textForm{Text: c.FormValue(field)}
	_, err = save(c.Request().Context(), httpx.ActorOf(c), id, f.Text)
	return s.claimSaved(c, err, id, done, func(p *claimEditorPage) { f.setError(err); *slot(p) = f })
}

// saveClaimPart runs a form about one part of a claim (a linked source, a
// piece of evidence) that the path names by part, sending the editor's
// note; save returns the claim to go back to. A refusal shows above the
// claim editor, as these forms are buttons with no fields to mark.
func (s *Handler) saveClaimPart(c echo.Context, part, done string,
	save func(ctx context.Context, actor claims.Actor, id, partID int64, note string) (int64, error)) error {
	id, partID, err := httpx.PathIDs(c, part)
	if err != nil {
		return err
	}
	id, err = save(c.Request().Context(), httpx.ActorOf(c), id, partID, c.FormValue("note"))
	return s.claimSaved(c, err, id, done, func(p *claimEditorPage) { p.PageMessage = httpx.AsClaimsError(err).Message })
}

// staleClaim puts a refused claim edit on the page: when someone else
// changed the claim first it sets the conflict panel (the claim as it now
// stands) and moves the form to the new version with a notice, and
// returns the panel for the editor's own input; otherwise the form shows
// err and it returns nil.
func (s *Handler) staleClaim(p *claimEditorPage, err error, f *formState, version *int) *claimConflict {
	cur, ok := conflictClaim(err)
	if !ok {
		f.setError(err)
		return nil
	}
	p.Conflict = s.newClaimConflict(cur)
	*version, f.Message = cur.Version, staleMessage
	return p.Conflict
}
