package reader

import (
	"context"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// StoryClaimsShow serves a page of a published story's claims of one
// status (?status=disputed&page=2): the claims a large story's page folds
// away. Pages are cached like the story page and dropped with it.
func (s *Handler) StoryClaimsShow(c echo.Context) error {
	slug, status := c.Param("slug"), c.QueryParam("status")
	n := 1
	if v := c.QueryParam("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return claims.Errorf(claims.ENOTFOUND, "no such page")
		}
	}
	if !claims.ValidSlug(slug) || !knownStatus(s.Site.Vocab, status) {
		return claims.Errorf(claims.ENOTFOUND, "no such list")
	}
	return s.sendCached(c, storyClaimsURL(slug, status, n), "story_claims", func(ctx context.Context) (int64, any, error) {
		st, err := s.Story.PublicStory(ctx, slug)
		if err != nil {
			return 0, nil, err
		}
		v, err := s.storyView(ctx, st.ID)
		if err != nil {
			return 0, nil, err
		}
		page, err := s.buildStoryClaimsPage(v, status, n)
		return st.ID, page, err
	})
}

func knownStatus(vocab *claims.Vocabulary, id string) bool {
	_, err := vocab.Lookup(id)
	return err == nil
}
