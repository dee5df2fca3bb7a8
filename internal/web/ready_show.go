package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// readyShow answers 200 when the database answers, its migrations are
// applied and it takes writes, 503 otherwise, so a load balancer sends no
// reader to an instance that cannot serve them. Whether writes work is
// known from the last failed write or a probe of its own, at most every
// probeEvery.
func (s *Server) readyShow(c echo.Context) error {
	if err := s.notReady(c.Request().Context()); err != nil {
		s.failures.Log(slog.LevelWarn, "not ready: "+claims.ErrorMessage(err), "not ready", "error", err.Error())
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(retryAfter/time.Second)))
		return c.String(http.StatusServiceUnavailable, "not ready: "+claims.ErrorMessage(err))
	}
	return c.String(http.StatusOK, "ready")
}

// notReady says why the instance cannot serve: the database does not
// answer, or takes no writes; nil when it can.
func (s *Server) notReady(ctx context.Context) error {
	if err := s.svc.Ping(ctx); err != nil {
		return err
	}
	return s.ready.writable(ctx, s.now(), s.svc.ProbeWrite)
}
