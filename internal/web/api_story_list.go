package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// apiStoryList lists published stories newest first, paged.
func (s *Server) apiStoryList(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	list, err := s.svc.ListStories(c.Request().Context(), true, fetchPage(p))
	if err != nil {
		return err
	}
	body := paged(p, list, func(st claims.StorySummary) int64 { return st.ID }, func(st claims.StorySummary) apiStorySummary {
		return apiStorySummary{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, URL: s.absURL(storyURL(st.Slug)),
			UnresolvedCount: st.Unresolved, ResolvedCount: st.Resolved, Version: st.Version,
			CreatedAt: utc(st.CreatedAt), UpdatedAt: utc(st.UpdatedAt)}
	})
	return writeJSON(c, http.StatusOK, body)
}

// absURL makes a site path absolute when the base URL is known.
func (s *Server) absURL(path string) string { return s.baseURL + path }
