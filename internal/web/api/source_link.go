package api

import (
	"context"
	"net/http"

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
	var claimID int64
	return recordWrite(c, false, http.StatusCreated, func(ctx context.Context, a claims.Actor, id int64, r sourceLinkRequest) (*claims.LinkedSource, error) {
		claimID = id
		return h.Writer.LinkSource(ctx, a, id, claims.NewSourceLink{URL: r.URL, Outlet: r.Outlet, OutletKind: r.OutletKind, Stance: r.Stance, Title: r.Title})
	}, func(ls claims.LinkedSource) SourceLink {
		return SourceLink{ClaimID: claimID, SourceID: ls.ID, Stance: string(ls.Stance), LinkedAt: httpx.UTC(ls.LinkedAt), Source: toAPISource(ls.Source)}
	})
}
