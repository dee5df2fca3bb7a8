package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
	"net/http"
	"strconv"
)

// watchesRequest replaces a claim's watches as a whole.
type watchesRequest struct {
	Version *int             `json:"version"`
	Phrases []string         `json:"phrases"`
	Numbers []apiNumberWatch `json:"numbers"`
}

// apiWatchesUpdate replaces a claim's watches if nobody changed them since
// the client read them; a stale write gets the watches as they now stand.
func (s *Server) apiWatchesUpdate(c echo.Context) error {
	id, req, err := idAndBody[watchesRequest](c, false)
	if err != nil {
		return err
	}
	version, ifMatch, err := lockVersion(c, req.Version)
	if err != nil {
		return err
	}
	in := claims.WatchesInput{Version: version, Phrases: req.Phrases}
	for _, n := range req.Numbers {
		in.Numbers = append(in.Numbers, claims.NumberWatch(n))
	}
	ctx := c.Request().Context()
	if _, err := s.svc.SetWatches(ctx, actorOf(c), id, in); err != nil {
		return staleEdit(err, ifMatch, func(cur claims.Watches) any { return toAPIWatches(cur, nil) })
	}
	cw, err := s.svc.Watches(ctx, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(cw.Watches.Version)+`"`)
	return writePrivateJSON(c, http.StatusOK, toAPIWatches(cw.Watches, cw.States))
}
