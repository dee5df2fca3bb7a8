package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// logAccess writes one line per request. slog quotes every value, so a path
// cannot forge a log line.
func (s *Server) logAccess(c echo.Context, start time.Time, took time.Duration) {
	status := c.Response().Status
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if status == http.StatusServiceUnavailable {
		// A 503 is a passing state the client was told to retry (a full
		// disk, a lost connection, a stop), already reported once per
		// interval with a count: not an error per request.
		level = slog.LevelWarn
	}
	ctx := context.Background()
	if !s.log.Enabled(ctx, level) {
		return
	}
	r := c.Request()
	if s.accessLines != nil && level == slog.LevelInfo {
		s.accessLines.write(accessEntry{at: start.Add(took), method: r.Method, path: httpx.LoggedPath(c), status: status,
			took: took, bytes: c.Response().Size, requestID: httpx.RequestIDOf(c)})
		return
	}
	s.log.LogAttrs(ctx, level, "request",
		slog.String("method", r.Method),
		slog.String("path", httpx.LoggedPath(c)),
		slog.Int("status", status),
		slog.Duration("duration", took),
		slog.Int64("bytes", c.Response().Size),
		slog.String("request_id", httpx.RequestIDOf(c)),
	)
}

// FlushAccessLog writes the access-log lines still buffered; call it once
// the server has stopped.
func (s *Server) FlushAccessLog() {
	if s.accessLines != nil {
		s.accessLines.Flush()
	}
}

// logger returns the server's logger tagged with the request, for the
// error paths of a request.
func (s *Server) logger(c echo.Context) *slog.Logger {
	return httpx.Logger(s.log, c)
}
