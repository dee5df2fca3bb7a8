package web

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// pathID reads a positive numeric id from the path; anything else is a
// malformed request (400), not a missing resource.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, malformed(name, "the "+name+" must be a positive whole number")
	}
	return id, nil
}

// pathIDs reads the path's id and the id of the part of it that name
// (source_id, evidence_id) names: a claim's link or evidence.
func pathIDs(c echo.Context, name string) (id, partID int64, err error) {
	if id, err = pathID(c, "id"); err != nil {
		return 0, 0, err
	}
	partID, err = pathID(c, name)
	return id, partID, err
}

// pageParams reads ?limit=&before= for list endpoints.
func pageParams(c echo.Context) (claims.Page, error) {
	var p claims.Page
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, malformed("limit", "limit must be a positive whole number")
		}
		p.Limit = n
	}
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return p, malformed("before", "before must be a cursor from a previous page's next")
		}
		p.Before = n
	}
	return p.Normalize(), nil
}
