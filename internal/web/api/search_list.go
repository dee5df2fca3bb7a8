package api

import (
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// SearchItem is one search result on the wire.
type SearchItem struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	StorySlug string `json:"story_slug"`
	Text      string `json:"text"`
	Snippet   string `json:"snippet"`
	Status    string `json:"status"`
	Resolved  bool   `json:"resolved"`
	URL       string `json:"url"`
}

// SearchList answers GET /api/v1/search?q=&status=&story=: results best
// first, paged like the other lists (pass next as ?before=). Readers search
// what is published; editors also drafts and internal notes.
func (h *Handler) SearchList(c echo.Context) error {
	if h.Search == nil {
		return httpx.Off("Search")
	}
	p, err := httpx.PageParams(c)
	if err != nil {
		return err
	}
	q := site.SearchQuery(c.QueryParams(), auth.Can(httpx.CurrentUser(c), auth.ActionEdit), p)
	res, more, err := h.Search.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	body := httpx.ListOf(res, h.toAPISearchItem)
	if more {
		next := strconv.Itoa(q.Offset + len(res))
		body.Next = &next
	}
	if q.Editor {
		c.Response().Header()["Cache-Control"] = httpx.HdrPrivate
	}
	return httpx.WriteJSON(c, http.StatusOK, body)
}

func (h *Handler) toAPISearchItem(r search.Result) SearchItem {
	return SearchItem{Kind: string(r.Kind), ID: r.ID, StorySlug: r.StorySlug, Text: r.Text, Snippet: r.Snippet,
		Status: r.Status, Resolved: r.Resolved, URL: h.Site.Abs(site.ResultURL(r))}
}
