package httpx

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// The handlers that show one record, or a page of what belongs to one,
// differ only in what they load and how they shape it; these helpers are
// the rest, written once.

// Loader loads the record an id names; the services' lookups fit it.
type Loader[T any] func(ctx context.Context, id int64) (T, error)

// PageLoader loads one page of what belongs to the record an id names.
type PageLoader[T any] func(ctx context.Context, id int64, p claims.Page) ([]T, error)

// JSONWriter is WriteJSON or WritePrivateJSON.
type JSONWriter func(c echo.Context, status int, v any) error

// ByPathID reads the id in the path and loads the record it names.
func ByPathID[T any](c echo.Context, load Loader[T]) (T, error) {
	id, err := PathID(c, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	return load(c.Request().Context(), id)
}

// ShowJSON answers with the record the path's id names, shaped by view.
func ShowJSON[T, A any](c echo.Context, write JSONWriter, load Loader[T], view func(T) A) error {
	v, err := ByPathID(c, load)
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, view(v))
}

// ListJSON answers with one page of what belongs to the record the path's
// id names (see PageJSON).
func ListJSON[T, A any](c echo.Context, write JSONWriter, load PageLoader[T], key func(T) int64, view func(T) A) error {
	id, err := PathID(c, "id")
	if err != nil {
		return err
	}
	return PageJSON(c, write, func(ctx context.Context, p claims.Page) ([]T, error) { return load(ctx, id, p) }, key, view)
}

// PageJSON answers with one page (?limit=&before=) of what load lists, each
// item shaped by view; key is an item's cursor.
func PageJSON[T, A any](c echo.Context, write JSONWriter, load func(context.Context, claims.Page) ([]T, error), key func(T) int64, view func(T) A) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	items, err := load(c.Request().Context(), FetchPage(p))
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, Paged(p, items, key, view))
}
