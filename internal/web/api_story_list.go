package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// apiStoryList lists published stories newest first, paged.
func (s *Server) apiStoryList(c echo.Context) error {
	published := func(ctx context.Context, p claims.Page) ([]claims.StorySummary, error) {
		return s.svc.ListStories(ctx, true, p)
	}
	return httpx.PageJSON(c, httpx.WriteJSON, published, func(st claims.StorySummary) int64 { return st.ID }, s.toAPIStorySummary)
}

func (s *Server) toAPIStorySummary(st claims.StorySummary) apiStorySummary {
	return apiStorySummary{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, URL: s.site.Abs(site.StoryURL(st.Slug)),
		UnresolvedCount: st.Unresolved, ResolvedCount: st.Resolved, Version: st.Version,
		CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt)}
}
