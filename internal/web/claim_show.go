package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// claimShow serves a claim of a published story with its evidence, sources
// and a page of its public timeline (?before= pages back); editors may read
// the claims of drafts too.
func (s *Server) claimShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	editor := auth.Can(httpx.CurrentUser(c), auth.ActionEdit)
	before, err := reader.TimelineBefore(c)
	if err != nil {
		return err
	}
	d, err := s.svc.ClaimPage(c.Request().Context(), id, claims.ClaimView{Drafts: editor, Before: before})
	if err != nil {
		return err
	}
	notes, err := s.svc.SourceNotes(c.Request().Context(), reader.ClaimSources(d))
	if err != nil {
		return err
	}
	p := reader.BuildClaimPage(s.chrome, s.now(), d, s.alerts != nil)
	p.SaySources(s.now(), d, notes)
	// A resolved claim is a ClaimReview for search tools.
	if r, ok := s.svc.ReviewOf(d); ok {
		p.Meta.JSONLD = jsonLD(s.site.ClaimReview(*r))
	}
	// An editor gets a link to the claim editor. The page
	// then differs per user, so it is kept out of every cache.
	if editor {
		p.Meta.Desk = &deskStrip{EditURL: view.EditClaimURL(id), Draft: !d.Story.Published}
		return s.chrome.RenderEditor(c, http.StatusOK, "claim", p)
	}
	return s.renderPage(c, http.StatusOK, "claim", p)
}
