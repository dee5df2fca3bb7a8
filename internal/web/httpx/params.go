package httpx

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// PathID reads a positive numeric id from the path; anything else is a
// malformed request (400), not a missing resource.
func PathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, Malformed(name, "the "+name+" must be a positive whole number")
	}
	return id, nil
}

// PathIDs reads the path's id and the id of the part of it that name
// (source_id, evidence_id) names: a claim's link or evidence.
func PathIDs(c echo.Context, name string) (id, partID int64, err error) {
	if id, err = PathID(c, "id"); err != nil {
		return 0, 0, err
	}
	partID, err = PathID(c, name)
	return id, partID, err
}

// PageParams reads ?limit=&before= for list endpoints.
func PageParams(c echo.Context) (claims.Page, error) {
	var p claims.Page
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, Malformed("limit", "limit must be a positive whole number")
		}
		p.Limit = n
	}
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return p, Malformed("before", "before must be a cursor from a previous page's next")
		}
		p.Before = n
	}
	return p.Normalize(), nil
}
