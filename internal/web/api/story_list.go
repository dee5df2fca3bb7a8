package api

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// StoryList lists published stories newest first, paged.
func (h *Handler) StoryList(c echo.Context) error {
	published := func(ctx context.Context, p claims.Page) ([]claims.StorySummary, error) {
		return h.Reader.ListStories(ctx, true, p)
	}
	return httpx.PageJSON(c, httpx.WriteJSON, published, func(st claims.StorySummary) int64 { return st.ID }, h.toAPIStorySummary)
}

func (h *Handler) toAPIStorySummary(st claims.StorySummary) StorySummary {
	return StorySummary{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, URL: h.Site.Abs(site.StoryURL(st.Slug)),
		UnresolvedCount: st.Unresolved, ResolvedCount: st.Resolved, Version: st.Version,
		CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt)}
}
