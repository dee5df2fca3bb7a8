package reader

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// ClaimShow serves a claim of a published story with its evidence, a page
// of its sources (?sources= pages on) and a page of its public timeline
// (?before= pages back); editors may read the claims of drafts too.
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
	// A later page of the sources, like an earlier page of the timeline,
	// is read for the one who asks and never kept.
	after, err := SourcesAfter(c)
	if err != nil {
		return err
	}
	// What a reader gets of a claim's newest page is the same for every
	// reader until the claim or its story as a whole changes.
	if !editor && before == 0 && after == 0 {
		return s.sendCachedClaim(c, ClaimKey(id), id, "claim", func(ctx context.Context) (int64, any, error) {
			p, d, err := s.claimPage(ctx, id, claims.ClaimView{PagedSources: true})
			if err != nil {
				return 0, nil, err
			}
			return d.Story.ID, p, nil
		})
	}
	p, d, err := s.claimPage(c.Request().Context(), id, claims.ClaimView{Drafts: editor, Before: before, PagedSources: true, SourcesAfter: after})
	if err != nil {
		return err
	}
	// An editor gets a link to the claim editor. The page
	// then differs per user, so it is kept out of every cache.
	if editor {
		p.Meta.Desk = &view.DeskStrip{EditURL: view.EditClaimURL(id), Draft: !d.Story.Published}
		return s.RenderEditor(c, http.StatusOK, "claim", p)
	}
	return s.RenderPage(c, http.StatusOK, "claim", p)
}

// claimPage reads a claim and builds the view of its page.
func (s *Handler) claimPage(ctx context.Context, id int64, v claims.ClaimView) (ClaimPage, *claims.ClaimDetail, error) {
	d, err := s.Claims.ClaimPage(ctx, id, v)
	if err != nil {
		return ClaimPage{}, nil, err
	}
	notes, err := s.Claims.SourceNotes(ctx, ClaimSources(d))
	if err != nil {
		return ClaimPage{}, nil, err
	}
	p := BuildClaimPage(s.Chrome, s.Now(), d, s.Alerts)
	p.SaySources(s.Now(), d, notes)
	// A resolved claim is a ClaimReview for search tools.
	if r, ok := s.Claims.ReviewOf(d); ok {
		p.Meta.JSONLD = jsonLD(s.Site.ClaimReview(*r))
	}
	return p, d, nil
}
