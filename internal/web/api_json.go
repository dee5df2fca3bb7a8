package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

var hdrJSON = []string{"application/json; charset=utf-8"}

// writeJSON sends v as JSON. encoding/json escapes <, > and & so that no
// stored text can turn into markup even if a client renders it carelessly.
func writeJSON(c echo.Context, status int, v any) error {
	return sendJSON(c, status, v, hdrNoCache)
}

var hdrPrivate = []string{"private, no-store"}

// writePrivateJSON is writeJSON for editors' data: no cache may keep it.
func writePrivateJSON(c echo.Context, status int, v any) error {
	return sendJSON(c, status, v, hdrPrivate)
}

func sendJSON(c echo.Context, status int, v any, cacheControl []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h["Content-Type"] = hdrJSON
	h["X-Content-Type-Options"] = hdrNosniff
	h["Cache-Control"] = cacheControl
	c.Response().WriteHeader(status)
	_, err = c.Response().Write(append(b, '\n'))
	return err
}

// writeVersioned sends a resource with its version as the ETag, the
// convention every API resource follows.
func writeVersioned(c echo.Context, version int, v any) error {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
	return writeJSON(c, http.StatusOK, v)
}

// listBody is the shape of every paged list.
type listBody[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor to pass as ?before= for the next page; null on the
	// last page.
	Next *string `json:"next"`
}

// fetchPage asks for one item more than the page holds, so the response
// knows whether another page follows.
func fetchPage(p claims.Page) claims.Page {
	p.Limit++
	return p
}

// paged trims items read with fetchPage to the page and sets the cursor.
func paged[D, T any](p claims.Page, items []D, id func(D) int64, conv func(D) T) listBody[T] {
	more := len(items) > p.Limit
	if len(items) > p.Limit {
		items = items[:p.Limit]
	}
	out := listBody[T]{Items: make([]T, 0, len(items))}
	for _, it := range items {
		out.Items = append(out.Items, conv(it))
	}
	if more && len(items) > 0 {
		cur := strconv.FormatInt(id(items[len(items)-1]), 10)
		out.Next = &cur
	}
	return out
}

func utc(t time.Time) time.Time { return t.UTC() }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
