package api

import (
	"context"
	"net/http"

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

// noteWrite is recordWrite for the writes whose body is only a note,
// answered 200.
func noteWrite[T, A any](c echo.Context, optional bool,
	call func(ctx context.Context, actor claims.Actor, id int64, note string) (*T, error), view func(T) A) error {
	return recordWrite(c, optional, http.StatusOK, func(ctx context.Context, a claims.Actor, id int64, r noteRequest) (*T, error) {
		return call(ctx, a, id, r.Note)
	}, view)
}

// noteRequest is the body of the writes that take only a note: why a claim
// or evidence is withdrawn, what accepting a proposal says.
type noteRequest struct {
	Note string `json:"note"`
}
