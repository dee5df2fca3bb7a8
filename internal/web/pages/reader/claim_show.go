package reader

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ClaimShow serves a claim of a published story with its evidence, sources
// and a page of its public timeline (?before= pages back); editors may read
// the claims of drafts too.
func (s *Handler) ClaimShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	editor := httpx.CanEdit(c)
	before, err := TimelineBefore(c)
	if err != nil {
		return err
	}
	d, err := s.Claims.ClaimPage(c.Request().Context(), id, claims.ClaimView{Drafts: editor, Before: before})
	if err != nil {
		return err
	}
	notes, err := s.Claims.SourceNotes(c.Request().Context(), ClaimSources(d))
	if err != nil {
		return err
	}
	p := BuildClaimPage(s.Chrome, s.Now(), d, s.Alerts)
	p.SaySources(s.Now(), d, notes)
	// A resolved claim is a ClaimReview for search tools.
	if r, ok := s.Claims.ReviewOf(d); ok {
		p.Meta.JSONLD = jsonLD(s.Site.ClaimReview(*r))
	}
	// An editor gets a link to the claim editor. The page
	// then differs per user, so it is kept out of every cache.
	if editor {
		p.Meta.Desk = &view.DeskStrip{EditURL: view.EditClaimURL(id), Draft: !d.Story.Published}
		return s.RenderEditor(c, http.StatusOK, "claim", p)
	}
	return s.RenderPage(c, http.StatusOK, "claim", p)
}
