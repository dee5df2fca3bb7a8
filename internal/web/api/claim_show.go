package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ClaimShow returns a claim of a published story with its evidence and
// linked sources.
func (h *Handler) ClaimShow(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	d, err := h.Reader.ClaimRecord(c.Request().Context(), id, true)
	if err != nil {
		return err
	}
	return httpx.WriteVersioned(c, d.Claim.Version, h.toAPIClaim(d))
}

func (h *Handler) toAPIClaim(d *claims.ClaimDetail) Claim {
	c := d.Claim
	out := Claim{ClaimCore: h.toAPIClaimCore(c), ClaimDates: toAPIClaimDates(c),
		Story:    StoryRef{ID: d.Story.ID, Slug: d.Story.Slug, Title: d.Story.Title},
		Evidence: make([]Evidence, 0, len(d.Evidence)), Sources: make([]LinkedSource, 0, len(d.Sources))}
	for _, e := range d.Evidence {
		out.Evidence = append(out.Evidence, toAPIEvidence(e))
	}
	for _, ls := range d.Sources {
		out.Sources = append(out.Sources, LinkedSource{Source: toAPISource(ls.Source), Stance: string(ls.Stance), LinkedAt: httpx.UTC(ls.LinkedAt)})
	}
	return out
}
