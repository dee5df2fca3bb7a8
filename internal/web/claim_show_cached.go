package web

import (
	"context"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// claimKey is the page-cache key of a claim's page: a path, which no story
// slug (the story pages' keys) can be.
func claimKey(id int64) string { return "/claims/" + strconv.FormatInt(id, 10) }

// claimShow serves the newest page of a claim's timeline from the page
// cache, kept until a write to the claim's story, as the story page is.
// Editors (whose page links to the claim editor and shows drafts) and
// earlier pages of the timeline are the reader room's, uncached.
func (s *Server) claimShow(c echo.Context) error {
	if c.QueryParam("before") != "" || auth.Can(httpx.CurrentUser(c), auth.ActionEdit) {
		return s.reader.ClaimShow(c)
	}
	id, err := httpx.PathID(c, "id")
	if err != nil {
		return err
	}
	key := claimKey(id)
	if p := s.pages.Get(key); p != nil {
		return httpx.SendPage(c, p)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.pages.Fill(key, func() (int64, []byte, error) {
		storyID, body, err := s.reader.PublicClaimPage(ctx, id)
		s.metrics.PageRender("claim")
		s.pages.pruneExpired()
		return storyID, body, err
	})
	if err != nil {
		return err
	}
	return httpx.SendPage(c, p)
}
