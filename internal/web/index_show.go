package web

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// indexListLimit is how many stories the front page lists.
const indexListLimit = 100

// indexShow serves the list of published stories from the page cache.
func (s *Server) indexShow(c echo.Context) error {
	if p := s.pages.get(indexKey); p != nil {
		return s.sendPage(c, p)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.pages.fill(indexKey, func() (int64, []byte, error) {
		list, err := s.svc.ListStories(ctx, true, claims.Page{Limit: indexListLimit})
		if err != nil {
			return 0, nil, err
		}
		b, err := s.views.render("index", s.buildIndexPage(list))
		s.metrics.PageRender("index")
		return 0, b, err
	})
	if err != nil {
		return err
	}
	return s.sendPage(c, p)
}

// sendPage sends a cached HTML page with the security headers.
func (s *Server) sendPage(c echo.Context, p *cachedPage) error {
	setHTMLHeaders(c.Response().Header())
	return sendAsset(c, p.out)
}
