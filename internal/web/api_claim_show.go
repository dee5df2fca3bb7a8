package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiClaimShow returns a claim of a published story with its evidence and
// linked sources.
func (s *Server) apiClaimShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.svc.ClaimDetail(c.Request().Context(), id, true)
	if err != nil {
		return err
	}
	return httpx.WriteVersioned(c, d.Claim.Version, s.toAPIClaim(d))
}

func (s *Server) toAPIClaim(d *claims.ClaimDetail) apiClaim {
	c := d.Claim
	out := apiClaim{apiClaimCore: s.toAPIClaimCore(c), apiClaimDates: toAPIClaimDates(c),
		Story:    apiStoryRef{ID: d.Story.ID, Slug: d.Story.Slug, Title: d.Story.Title},
		Evidence: make([]apiEvidence, 0, len(d.Evidence)), Sources: make([]apiLinkedSource, 0, len(d.Sources))}
	for _, e := range d.Evidence {
		out.Evidence = append(out.Evidence, toAPIEvidence(e))
	}
	for _, ls := range d.Sources {
		out.Sources = append(out.Sources, apiLinkedSource{apiSource: toAPISource(ls.Source), Stance: string(ls.Stance), LinkedAt: httpx.UTC(ls.LinkedAt)})
	}
	return out
}
