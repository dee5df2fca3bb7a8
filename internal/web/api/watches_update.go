package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// watchesRequest replaces a claim's watches as a whole.
type watchesRequest struct {
	Version *int          `json:"version"`
	Phrases []string      `json:"phrases"`
	Numbers []NumberWatch `json:"numbers"`
}

// WatchesUpdate replaces a claim's watches if nobody changed them since
// the client read them; a stale write gets the watches as they now stand.
func (h *Handler) WatchesUpdate(c echo.Context) error {
	id, req, err := httpx.IDAndBody[watchesRequest](c, false)
	if err != nil {
		return err
	}
	version, ifMatch, err := httpx.LockVersion(c, req.Version)
	if err != nil {
		return err
	}
	in := claims.WatchesInput{Version: version, Phrases: req.Phrases}
	for _, n := range req.Numbers {
		in.Numbers = append(in.Numbers, claims.NumberWatch(n))
	}
	ctx := c.Request().Context()
	if _, err := h.Writer.SetWatches(ctx, httpx.ActorOf(c), id, in); err != nil {
		return httpx.StaleEdit(err, ifMatch, func(cur claims.Watches) any { return toAPIWatches(cur, nil) })
	}
	cw, err := h.Reader.Watches(ctx, id)
	if err != nil {
		return err
	}
	return writeWatches(c, cw)
}
