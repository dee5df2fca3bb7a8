package httpx

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Header values of JSON answers; assigned, never appended to.
var (
	HdrJSON = []string{"application/json; charset=utf-8"}
	// HdrPrivate keeps editors' data and pages that carry who is signed in
	// out of every cache.
	HdrPrivate = []string{"private, no-store"}
)

// WriteJSON sends v as JSON. encoding/json escapes <, > and & so that no
// stored text can turn into markup even if a client renders it carelessly.
func WriteJSON(c echo.Context, status int, v any) error {
	return SendJSON(c, status, v, HdrNoCache)
}

// WritePrivateJSON is WriteJSON for editors' data: no cache may keep it.
func WritePrivateJSON(c echo.Context, status int, v any) error {
	return SendJSON(c, status, v, HdrPrivate)
}

// SendJSON sends v as JSON with the given Cache-Control.
func SendJSON(c echo.Context, status int, v any, cacheControl []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h["Content-Type"] = HdrJSON
	h["X-Content-Type-Options"] = HdrNosniff
	h["Cache-Control"] = cacheControl
	c.Response().WriteHeader(status)
	_, err = c.Response().Write(append(b, '\n'))
	return err
}

// WriteVersioned sends a resource with its version as the ETag, the
// convention every API resource follows.
func WriteVersioned(c echo.Context, version int, v any) error {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
	return WriteJSON(c, http.StatusOK, v)
}

// WriteCreated sends a new resource with 201.
func WriteCreated(c echo.Context, v any) error { return WriteJSON(c, http.StatusCreated, v) }

// ListBody is the shape of every paged list.
type ListBody[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor to pass as ?before= for the next page; null on the
	// last page.
	Next *string `json:"next"`
}

// FetchPage asks for one item more than the page holds, so the response
// knows whether another page follows.
func FetchPage(p claims.Page) claims.Page {
	p.Limit++
	return p
}

// Paged trims items read with FetchPage to the page and sets the cursor.
func Paged[D, T any](p claims.Page, items []D, id func(D) int64, conv func(D) T) ListBody[T] {
	more := len(items) > p.Limit
	if len(items) > p.Limit {
		items = items[:p.Limit]
	}
	out := ListOf(items, conv)
	if more && len(items) > 0 {
		cur := strconv.FormatInt(id(items[len(items)-1]), 10)
		out.Next = &cur
	}
	return out
}

// UTC is t in UTC, as every API time is written.
func UTC(t time.Time) time.Time { return t.UTC() }

// UTCPtr is UTC for optional times.
func UTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
