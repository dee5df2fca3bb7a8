package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// apiStoryShow returns a published story with its claims and the ids of
// those still unresolved.
func (s *Server) apiStoryShow(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := s.svc.PublicStory(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	d, err := s.svc.StoryDetail(ctx, st.ID)
	if err != nil {
		return err
	}
	return httpx.WriteVersioned(c, d.Story.Version, s.toAPIStory(d))
}

func (s *Server) toAPIStory(d *claims.StoryDetail) apiStory {
	st := d.Story
	out := apiStory{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, URL: s.site.Abs(site.StoryURL(st.Slug)),
		Context: make([]apiQA, 0, len(st.Context)), Version: st.Version, CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt),
		Perspectives:       apiPerspectives{Agree: nonNil(st.Perspectives.Agree), Split: nonNil(st.Perspectives.Split)},
		Claims:             make([]apiClaimSummary, 0, len(d.Claims)),
		UnresolvedClaimIDs: []int64{},
		Facts:              toAPIFacts(st.Facts),
	}
	for _, qa := range st.Context {
		out.Context = append(out.Context, apiQA(qa))
	}
	for _, c := range d.Claims {
		if c.Withdrawn {
			continue
		}
		cs := apiClaimSummary{apiClaimCore: s.toAPIClaimCore(c.Claim), Position: c.Position,
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
