package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// apiClaimShow returns a claim of a published story with its evidence and
// linked sources.
func (s *Server) apiClaimShow(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.ClaimDetail(c.Request().Context(), id, true)
	if err != nil {
		return err
	}
	return writeVersioned(c, d.Claim.Version, s.toAPIClaim(d))
}

func (s *Server) toAPIClaim(d *claims.ClaimDetail) apiClaim {
	c := d.Claim
	status := s.vocab.Get(c.Status)
	out := apiClaim{ID: c.ID, Story: apiStoryRef{ID: d.Story.ID, Slug: d.Story.Slug, Title: d.Story.Title},
		Text: c.Text, Status: c.Status, StatusLabel: status.Label, Resolved: status.Resolved, Withdrawn: c.Withdrawn,
		Version: c.Version, WhatWouldSettle: c.WhatWouldSettle, ResolvedAt: utcPtr(c.ResolvedAt), ReviewBy: utcPtr(c.ReviewBy),
		CreatedAt: utc(c.CreatedAt), UpdatedAt: utc(c.UpdatedAt), URL: s.absURL(claimURL(c.ID)),
		Evidence: make([]apiEvidence, 0, len(d.Evidence)), Sources: make([]apiLinkedSource, 0, len(d.Sources))}
	for _, e := range d.Evidence {
		out.Evidence = append(out.Evidence, apiEvidence{ID: e.ID, Summary: e.Summary, Stance: string(e.Stance), SourceID: e.SourceID,
			Quote: e.Quote, Actor: e.Actor, Withdrawn: e.Withdrawn, CreatedAt: utc(e.CreatedAt)})
	}
	for _, ls := range d.Sources {
		out.Sources = append(out.Sources, apiLinkedSource{apiSource: toAPISource(ls.Source), Stance: string(ls.Stance), LinkedAt: utc(ls.LinkedAt)})
	}
	return out
}
