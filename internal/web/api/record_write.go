package api

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// recordWrite is the shape of most writes to one record: the path's id and
// a JSON body (optional or not) in, one service call made as the signed-in
// actor, and its result out, as view shows it, with status.
func recordWrite[Req, T, A any](c echo.Context, optional bool, status int,
	call func(ctx context.Context, actor claims.Actor, id int64, req Req) (*T, error), view func(T) A) error {
	id, req, err := httpx.IDAndBody[Req](c, optional)
	if err != nil {
		return err
	}
	v, err := call(c.Request().Context(), httpx.ActorOf(c), id, req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(c, status, view(*v))
}
