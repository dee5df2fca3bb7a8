package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// sourceLinkRequest holds the only fields a source link takes from a client.
type sourceLinkRequest struct {
	URL        string `json:"url"`
	Outlet     string `json:"outlet"`
	OutletKind string `json:"outlet_kind"`
	Stance     string `json:"stance"`
	Title      string `json:"title"`
}

// SourceLink links a source to a claim, reusing a known URL's source.
func (h *Handler) SourceLink(c echo.Context) error {
	id, req, err := httpx.IDAndBody[sourceLinkRequest](c, false)
	if err != nil {
		return err
	}
	ls, err := h.Writer.LinkSource(c.Request().Context(), httpx.ActorOf(c), id, claims.NewSourceLink{
		URL: req.URL, Outlet: req.Outlet, OutletKind: req.OutletKind, Stance: req.Stance, Title: req.Title})
	if err != nil {
		return err
	}
	return httpx.WriteCreated(c, SourceLink{ClaimID: id, SourceID: ls.ID, Stance: string(ls.Stance),
		LinkedAt: httpx.UTC(ls.LinkedAt), Source: toAPISource(ls.Source)})
}
