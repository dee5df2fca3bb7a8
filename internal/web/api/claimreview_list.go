package api

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

const claimReviewPath = "/api/v1/claimreview"

// ClaimReviewList pages the resolved claims of the published stories as
// schema.org ClaimReview objects, newest claim first. Pages are kept in the
// page cache until a story changes, like the story pages.
func (h *Handler) ClaimReviewList(c echo.Context) error {
	p, err := httpx.PageParams(c)
	if err != nil {
		return err
	}
	key := h.claimReviewKey(p)
	if key != "" {
		if pg := h.Pages.Get(key); pg != nil {
			return sendCachedJSON(c, pg)
		}
	}
	// The render outlives a client that gives up: others may be waiting on it.
	ctx := context.WithoutCancel(c.Request().Context())
	render := func() (int64, *httpx.Asset, error) {
		reviews, err := h.Reader.Reviews(ctx, httpx.FetchPage(p))
		if err != nil {
			return 0, nil, err
		}
		body := httpx.Paged(p, reviews, func(r claims.Review) int64 { return r.Claim.ID }, h.Site.ClaimReview)
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		h.Metrics.PageRender("claimreview")
		if key != "" && body.Next != nil {
			h.Pages.Reach(claimReviewKey(p.Limit, *body.Next))
		}
		return 0, httpx.NewCachedAsset(append(b, '\n'), httpx.HdrJSON), nil
	}
	if key == "" {
		_, out, err := render()
		if err != nil {
			return err
		}
		return sendCachedJSON(c, out)
	}
	pg, err := h.Pages.FillAsset(key, render)
	if err != nil {
		return err
	}
	return sendCachedJSON(c, pg)
}

// claimReviewKey returns the cache key of a page of ClaimReview, or "" for
// a page not to keep. Only the pages of the default and the largest size
// that a client reaches from the first by following next are kept: made-up
// cursors, each a page of its own, must not fill the memory.
func (h *Handler) claimReviewKey(p claims.Page) string {
	if p.Limit != claims.DefaultPageLimit && p.Limit != claims.MaxPageLimit {
		return ""
	}
	key := claimReviewKey(p.Limit, strconv.FormatInt(p.Before, 10))
	if p.Before != 0 && !h.Pages.Reached(key) {
		return ""
	}
	return key
}

func claimReviewKey(limit int, before string) string {
	return claimReviewPath + "?limit=" + strconv.Itoa(limit) + "&before=" + before
}

// sendCachedJSON sends a cached JSON response.
func sendCachedJSON(c echo.Context, pg *httpx.Asset) error {
	c.Response().Header()["X-Content-Type-Options"] = httpx.HdrNosniff
	return httpx.SendAsset(c, pg)
}
