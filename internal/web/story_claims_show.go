package web

import (
	"context"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// storyClaimsShow serves a page of a published story's claims of one
// status (?status=disputed&page=2): the claims a large story's page folds
// away. Pages are cached like the story page and dropped with it.
func (s *Server) storyClaimsShow(c echo.Context) error {
	slug, status := c.Param("slug"), c.QueryParam("status")
	n := 1
	if v := c.QueryParam("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return claims.Errorf(claims.ENOTFOUND, "no such page")
		}
	}
	if !claims.ValidSlug(slug) || !knownStatus(s.vocab, status) {
		return claims.Errorf(claims.ENOTFOUND, "no such list")
	}
	key := storyClaimsURL(slug, status, n)
	if p := s.pages.Get(key); p != nil {
		return httpx.SendPage(c, p)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.pages.Fill(key, func() (int64, []byte, error) {
		st, err := s.svc.PublicStory(ctx, slug)
		if err != nil {
			return 0, nil, err
		}
		v, err := s.storyView(ctx, st.ID)
		if err != nil {
			return 0, nil, err
		}
		page, err := s.buildStoryClaimsPage(v, status, n)
		if err != nil {
			return 0, nil, err
		}
		b, err := s.views.Render("story_claims", page)
		s.metrics.PageRender("story_claims")
		return st.ID, b, err
	})
	if err != nil {
		return err
	}
	return httpx.SendPage(c, p)
}

func knownStatus(vocab *claims.Vocabulary, id string) bool {
	_, err := vocab.Lookup(id)
	return err == nil
}
