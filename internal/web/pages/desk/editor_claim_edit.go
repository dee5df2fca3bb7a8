package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// ClaimEdit serves GET /editor/claims/{id}: the status form beside the
// newest page of the claim's timeline (internal notes included; ?before=
// pages back) and sources, and the
// forms for wording, evidence, sources, notes and withdrawal.
func (s *Handler) ClaimEdit(c echo.Context) error {
	return s.renderClaimEditor(c, http.StatusOK, nil)
}

// renderClaimEditor renders the claim editor from the claim as stored;
// keep, when set, puts back the editor's input of a failed save.
func (s *Handler) renderClaimEditor(c echo.Context, status int, keep func(p *claimEditorPage)) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	before, err := reader.TimelineBefore(c)
	if err != nil {
		return err
	}
	d, err := s.Claims.ClaimPage(ctx, id, claims.ClaimView{Drafts: true, Internal: true, Before: before})
	if err != nil {
		return err
	}
	cw, err := s.Claims.Watches(ctx, id)
	if err != nil {
		return err
	}
	p := s.buildClaimEditorPage(s.Now(), d)
	p.WatchForm, p.Signals = newWatchForm(cw.Watches), signalLines(s.Now(), cw, d)
	p.Bar, p.Flash = editorBarOf(c), flashOf(c)
	eds, err := s.Claims.Editors(ctx)
	if err != nil {
		return err
	}
	p.AssignForm.Options, p.Assignee = assigneeOptions(eds, d.Claim.AssigneeID), assigneeName(eds, d.Claim.AssigneeID)
	p.Bar.PublicURL, p.Bar.PublicLabel = site.ClaimURL(id), publicLabel(d.Story.Published)
	if keep != nil {
		keep(&p)
	}
	s.fillOptions(&p)
	return s.RenderEditor(c, status, "editor_claim", p)
}

// claimFormFailed re-renders the claim editor after a save that the editor
// can fix (422, 409), with their input put back by keep; other errors are
// returned as they are, for the error page.
func (s *Handler) claimFormFailed(c echo.Context, err error, keep func(p *claimEditorPage)) error {
	status, ok := httpx.FormFailure(err)
	if !ok {
		return err
	}
	return s.renderClaimEditor(c, status, keep)
}
