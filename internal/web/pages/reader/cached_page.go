package reader

import (
	"context"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// IndexKey is the page-cache key of "/". A story's page is kept under its
// slug (StoryKey), which is never empty; internal/web's fast path answers
// both before echo by these keys.
const IndexKey = ""

// StoryKey is the page-cache key of /stories/{slug}.
func StoryKey(slug string) string { return slug }

// ClaimKey is the page-cache key of a claim's newest public page,
// /claims/{id}; a slug holds no slash, so it never names a story's page.
func ClaimKey(id int64) string { return "/claims/" + strconv.FormatInt(id, 10) }

// sendCached answers with the page kept under key or, on a miss, renders
// template name from what read returns (the story it is about, 0 for none,
// and the view) and keeps it until that story changes.
func (s *Handler) sendCached(c echo.Context, key, name string, read func(ctx context.Context) (storyID int64, page any, err error)) error {
	return s.sendCachedClaim(c, key, 0, name, read)
}

// sendCachedClaim is sendCached for claimID's own page (0 for a page about
// its story), kept until a write to that claim or to its whole story.
func (s *Handler) sendCachedClaim(c echo.Context, key string, claimID int64, name string, read func(ctx context.Context) (storyID int64, page any, err error)) error {
	if p := s.Pages.Get(key); p != nil {
		return httpx.SendPage(c, p)
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	p, err := s.Pages.FillClaim(key, claimID, func() (int64, []byte, error) {
		id, page, err := read(ctx)
		if err != nil {
			return 0, nil, err
		}
		b, err := s.Views.Render(name, page)
		if s.Metrics != nil {
			s.Metrics.PageRender(name)
		}
		return id, b, err
	})
	if err != nil {
		return err
	}
	return httpx.SendPage(c, p)
}
