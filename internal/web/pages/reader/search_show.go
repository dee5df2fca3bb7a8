package reader

import (
	"net/http"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// searchPageSize is how many results a search page shows.
const searchPageSize = 20

// SearchShow serves GET /search?q=&status=&story=&before=: the search box
// with its filters, and the results best first.
func (s *Handler) SearchShow(c echo.Context) error {
	if s.Search == nil {
		return httpx.Off("Search")
	}
	p, err := httpx.PageParams(c)
	if err != nil {
		return err
	}
	p.Limit = searchPageSize
	q := site.SearchQuery(c.QueryParams(), httpx.CanEdit(c), p)
	ctx := c.Request().Context()
	stories, err := s.Stories.ListStories(ctx, !q.Editor, claims.Page{Limit: claims.MaxPageLimit})
	if err != nil {
		return err
	}
	page := newSearchPage(s.Meta("Search", "Search the claims, stories and evidence we track.", "/search"), s.Site.Vocab, q, stories)
	status := http.StatusOK
	if page.Asked {
		res, more, err := s.Search.Search(ctx, q)
		switch {
		case claims.ErrorCode(err) == claims.EINVALID:
			status, page.Error = http.StatusUnprocessableEntity, claims.ErrorMessage(err)
		case err != nil:
			return err
		default:
			page.addResults(s.Site.Vocab, res)
			if more {
				v := c.QueryParams()
				v.Set("before", strconv.Itoa(q.Offset+len(res)))
				page.NextURL = "/search?" + v.Encode()
			}
		}
	}
	if q.Editor {
		return s.RenderEditor(c, status, "search", page)
	}
	return s.RenderPage(c, status, "search", page)
}
