package api

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// matchCreateRequest is a text to match against the tracked claims.
type matchCreateRequest struct {
	Text string `json:"text"`
}

// MatchItem is a tracked claim a text repeats, or comes close to.
type MatchItem struct {
	ClaimID     int64   `json:"claim_id"`
	ClaimText   string  `json:"claim_text"`
	Status      string  `json:"status"`
	StatusLabel string  `json:"status_label"`
	Resolved    bool    `json:"resolved"`
	StorySlug   string  `json:"story_slug"`
	URL         string  `json:"url"`
	Score       float64 `json:"score"`
	Match       bool    `json:"match"`
	Sentence    string  `json:"sentence"`
}

// MatchCreate answers POST /api/v1/match: the published claims the
// text's sentences repeat, best first. Open to anyone, counted per client.
func (h *Handler) MatchCreate(c echo.Context) error {
	if h.Search == nil {
		return httpx.Off("Search")
	}
	var req matchCreateRequest
	if err := httpx.DecodeJSON(c, &req, false); err != nil {
		return err
	}
	items, err := h.Search.Match(c.Request().Context(), h.Proxies.ClientAddr(c.Request()), req.Text)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, http.StatusOK, httpx.ListOf(items, h.toAPIMatch))
}

func (h *Handler) toAPIMatch(it search.MatchItem) MatchItem {
	return MatchItem{ClaimID: it.Claim.ID, ClaimText: it.Claim.Text, Status: it.Claim.Status, StatusLabel: it.StatusLabel,
		Resolved: it.Resolved, StorySlug: it.Claim.StorySlug, URL: h.Site.Abs(site.ClaimURL(it.Claim.ID)), Score: it.Score,
		Match: it.Match, Sentence: it.Sentence}
}
