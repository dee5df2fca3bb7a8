package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// indexListLimit is how many stories the front page lists.
const indexListLimit = 100

// indexShow serves the list of published stories from the page cache.
func (s *Server) indexShow(c echo.Context) error {
	if p := s.pages.Get(indexKey); p != nil {
		return httpx.SendPage(c, p)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.pages.Fill(indexKey, func() (int64, []byte, error) {
		list, err := s.svc.ListStories(ctx, true, claims.Page{Limit: indexListLimit})
		if err != nil {
			return 0, nil, err
		}
		b, err := s.views.Render("index", s.buildIndexPage(list))
		s.metrics.PageRender("index")
		return 0, b, err
	})
	if err != nil {
		return err
	}
	return httpx.SendPage(c, p)
}
