package api

import (
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ClaimShow returns a claim of a published story with its evidence and
// the first page of its linked sources (ClaimSources pages on).
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
		out.Sources = append(out.Sources, toAPILinkedSource(ls))
	}
	out.SourcesTotal, out.SourcesNext = d.SourcePage.Total, sourcesCursor(d.SourcePage)
	return out
}

func toAPILinkedSource(ls claims.LinkedSource) LinkedSource {
	return LinkedSource{Source: toAPISource(ls.Source), Stance: string(ls.Stance), LinkedAt: httpx.UTC(ls.LinkedAt)}
}

// sourcesCursor is the next page's cursor of a page of sources, as every
// list writes it; nil on the last page.
func sourcesCursor(p claims.SourcePage) *string {
	if p.Next == 0 {
		return nil
	}
	cur := strconv.FormatInt(p.Next, 10)
	return &cur
}

// ClaimSources returns a page of a claim's linked sources in link order,
// paged like every list (?limit=, ?before= the previous page's next).
func (h *Handler) ClaimSources(c echo.Context) error {
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	p, err := httpx.PageParams(c)
	if err != nil {
		return err
	}
	ls, sp, err := h.Reader.ClaimSources(c.Request().Context(), id, true, p.Before, p.Limit)
	if err != nil {
		return err
	}
	body := httpx.ListOf(ls, toAPILinkedSource)
	body.Next = sourcesCursor(sp)
	return httpx.WriteJSON(c, http.StatusOK, body)
}
