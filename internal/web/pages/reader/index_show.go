package reader

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// indexListLimit is how many stories the front page lists.
const indexListLimit = 100

// IndexShow serves the list of published stories from the page cache.
func (s *Handler) IndexShow(c echo.Context) error {
	return s.sendCached(c, IndexKey, "index", func(ctx context.Context) (int64, any, error) {
		list, err := s.Stories.ListStories(ctx, true, claims.Page{Limit: indexListLimit})
		if err != nil {
			return 0, nil, err
		}
		return 0, s.buildIndexPage(list), nil
	})
}
