package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/labstack/echo/v4"
)

// apiSearchItem is one search result on the wire.
type apiSearchItem struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	StorySlug string `json:"story_slug"`
	Text      string `json:"text"`
	Snippet   string `json:"snippet"`
	Status    string `json:"status"`
	Resolved  bool   `json:"resolved"`
	URL       string `json:"url"`
}

// searchOff answers when the server runs without search.
func searchOff() error {
	return statusError{status: http.StatusServiceUnavailable,
		err: claims.Errorf(claims.EINTERNAL, "Search is not available on this server.")}
}

// apiSearchList answers GET /api/v1/search?q=&status=&story=: results best
// first, paged like the other lists (pass next as ?before=). Readers search
// what is published; editors also drafts and internal notes.
func (s *Server) apiSearchList(c echo.Context) error {
	if s.search == nil {
		return searchOff()
	}
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	q := s.searchQuery(c, p)
	res, more, err := s.search.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	body := listBody[apiSearchItem]{Items: make([]apiSearchItem, 0, len(res))}
	for _, r := range res {
		body.Items = append(body.Items, apiSearchItem{Kind: string(r.Kind), ID: r.ID, StorySlug: r.StorySlug, Text: r.Text,
			Snippet: r.Snippet, Status: r.Status, Resolved: r.Resolved, URL: s.absURL(resultURL(r))})
	}
	if more {
		next := strconv.Itoa(q.Offset + len(res))
		body.Next = &next
	}
	if q.Editor {
		c.Response().Header()["Cache-Control"] = hdrPrivate
	}
	return writeJSON(c, http.StatusOK, body)
}

// searchQuery reads a search from the query string. A search's cursor is
// the number of results already shown, so ?before= carries an offset here.
func (s *Server) searchQuery(c echo.Context, p claims.Page) search.Query {
	return search.Query{
		Text:      c.QueryParam("q"),
		Editor:    auth.Can(currentUser(c), auth.ActionEdit),
		Status:    strings.TrimSpace(c.QueryParam("status")),
		StorySlug: strings.TrimSpace(c.QueryParam("story")),
		Offset:    int(min(p.Before, 100_000)),
		Limit:     p.Limit,
	}
}

// resultURL is where a result is read: its claim, its story, or for a
// note, the claim's editor page.
func resultURL(r search.Result) string {
	switch r.Kind {
	case search.KindStory:
		return storyURL(r.StorySlug)
	case search.KindFact:
		return storyURL(r.StorySlug) + "#context-h"
	case search.KindEvidence:
		return claimURL(r.ClaimID) + "#evidence-h"
	case search.KindNote:
		if r.ClaimID == 0 {
			return "/editor/stories/" + r.StorySlug
		}
		return "/editor/claims/" + strconv.FormatInt(r.ClaimID, 10)
	}
	return claimURL(r.ID)
}
