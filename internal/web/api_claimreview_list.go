package web

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

const claimReviewPath = "/api/v1/claimreview"

// apiClaimReviewList pages the resolved claims of the published stories as
// schema.org ClaimReview objects, newest claim first. Pages are kept in the
// page cache until a story changes, like the story pages.
func (s *Server) apiClaimReviewList(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	key := s.claimReviewKey(p)
	if key != "" {
		if pg := s.pages.get(key); pg != nil {
			return sendCachedJSON(c, pg)
		}
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	render := func() (int64, *asset, error) {
		reviews, err := s.svc.Reviews(ctx, fetchPage(p))
		if err != nil {
			return 0, nil, err
		}
		body := paged(p, reviews, func(r claims.Review) int64 { return r.Claim.ID }, s.claimReviewLD)
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		s.metrics.PageRender("claimreview")
		if key != "" && body.Next != nil {
			s.pages.reach(claimReviewKey(p.Limit, *body.Next))
		}
		return 0, newCachedAsset(append(b, '\n'), hdrJSON), nil
	}
	if key == "" {
		_, out, err := render()
		if err != nil {
			return err
		}
		return sendCachedJSON(c, &cachedPage{out: out})
	}
	pg, err := s.pages.fillAsset(key, render)
	if err != nil {
		return err
	}
	return sendCachedJSON(c, pg)
}

// claimReviewKey returns the cache key of a page of ClaimReview, or "" for
// a page not to keep. Only the pages of the default and the largest size
// that a client reaches from the first by following next are kept: made-up
// cursors, each a page of its own, must not fill the memory.
func (s *Server) claimReviewKey(p claims.Page) string {
	if p.Limit != claims.DefaultPageLimit && p.Limit != claims.MaxPageLimit {
		return ""
	}
	key := claimReviewKey(p.Limit, strconv.FormatInt(p.Before, 10))
	if p.Before != 0 && !s.pages.reached(key) {
		return ""
	}
	return key
}

func claimReviewKey(limit int, before string) string {
	return claimReviewPath + "?limit=" + strconv.Itoa(limit) + "&before=" + before
}

// sendCachedJSON sends a cached JSON response.
func sendCachedJSON(c echo.Context, pg *cachedPage) error {
	c.Response().Header()["X-Content-Type-Options"] = hdrNosniff
	return sendAsset(c, pg.out)
}
