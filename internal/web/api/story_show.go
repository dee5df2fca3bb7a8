package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// StoryShow returns a published story with its claims and the ids of
// those still unresolved.
func (h *Handler) StoryShow(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := h.Reader.PublicStory(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	d, err := h.Reader.StoryOutline(ctx, st.ID)
	if err != nil {
		return err
	}
	return httpx.WriteVersioned(c, d.Story.Version, h.toAPIStory(d))
}

func (h *Handler) toAPIStory(d *claims.StoryDetail) Story {
	out := Story{StoryCore: h.toAPIStoryCore(d.Story), StoryBody: toAPIStoryBody(d.Story),
		Claims: make([]ClaimSummary, 0, len(d.Claims)), UnresolvedClaimIDs: []int64{}}
	for _, c := range d.Claims {
		if c.Withdrawn {
			continue
		}
		cs := ClaimSummary{ClaimCore: h.toAPIClaimCore(c.Claim), Position: c.Position,
			SupportingSources: c.Supporting, DisputingSources: c.Disputing}
		out.Claims = append(out.Claims, cs)
		if !cs.Resolved {
			out.UnresolvedClaimIDs = append(out.UnresolvedClaimIDs, c.ID)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
