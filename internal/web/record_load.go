package web

import (
	"context"
	"net/http"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// The handlers that show one record, or a page of what belongs to one,
// differ only in what they load and how they shape it; these helpers are
// the rest, written once.

// loader loads the record an id names; the services' lookups fit it.
type loader[T any] func(ctx context.Context, id int64) (T, error)

// pageLoader loads one page of what belongs to the record an id names.
type pageLoader[T any] func(ctx context.Context, id int64, p claims.Page) ([]T, error)

// jsonWriter is writeJSON or writePrivateJSON.
type jsonWriter func(c echo.Context, status int, v any) error

// byPathID reads the id in the path and loads the record it names.
func byPathID[T any](c echo.Context, load loader[T]) (T, error) {
	id, err := pathID(c, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	return load(c.Request().Context(), id)
}

// showJSON answers with the record the path's id names, shaped by view.
func showJSON[T, A any](c echo.Context, write jsonWriter, load loader[T], view func(T) A) error {
	v, err := byPathID(c, load)
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, view(v))
}

// listJSON answers with one page of what belongs to the record the path's
// id names (see pageJSON).
func listJSON[T, A any](c echo.Context, write jsonWriter, load pageLoader[T], key func(T) int64, view func(T) A) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return pageJSON(c, write, func(ctx context.Context, p claims.Page) ([]T, error) { return load(ctx, id, p) }, key, view)
}

// pageJSON answers with one page (?limit=&before=) of what load lists, each
// item shaped by view; key is an item's cursor.
func pageJSON[T, A any](c echo.Context, write jsonWriter, load func(context.Context, claims.Page) ([]T, error), key func(T) int64, view func(T) A) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	items, err := load(c.Request().Context(), fetchPage(p))
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, paged(p, items, key, view))
}
