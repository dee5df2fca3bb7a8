package api

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// ClaimTimeline returns a claim's public timeline newest first, paged.
// With ?all=1 it is the editors' view (see ClaimTimelineAll), behind the
// same check as every write: anonymous 401, other roles 403.
func (h *Handler) ClaimTimeline(c echo.Context) error {
	if c.QueryParam("all") == "1" {
		return httpx.RequireEditor(h.ClaimTimelineAll)(c)
	}
	return h.writeTimeline(c, true)
}

// ClaimTimelineAll returns every event of a claim, internal notes and
// proposals included, also for claims of drafts.
func (h *Handler) ClaimTimelineAll(c echo.Context) error { return h.writeTimeline(c, false) }

func (h *Handler) writeTimeline(c echo.Context, public bool) error {
	write := httpx.WritePrivateJSON
	if public {
		write = httpx.WriteJSON
	}
	load := func(ctx context.Context, id int64, p claims.Page) ([]claims.Event, error) {
		return h.Reader.Timeline(ctx, id, public, p)
	}
	return httpx.ListJSON(c, write, load, func(e claims.Event) int64 { return e.ID }, toAPIEvent)
}
