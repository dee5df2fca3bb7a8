package api

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
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
	return StorySummary{StoryCore: h.toAPIStoryCore(st.Story), UnresolvedCount: st.Unresolved, ResolvedCount: st.Resolved}
}
