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
	r := c.Request()
	s.logRequest(accessEntry{at: start.Add(took), method: r.Method, path: httpx.LoggedPath(c), status: c.Response().Status,
		took: took, bytes: c.Response().Size, requestID: httpx.RequestIDOf(c)})
}

// logRequest is logAccess for a request served without echo.
func (s *Server) logRequest(e accessEntry) {
	level := slog.LevelInfo
	if e.status >= 500 {
		level = slog.LevelError
	}
	if e.status == http.StatusServiceUnavailable {
		// A 503 is a passing state the client was told to retry (a full
		// disk, a lost connection, a stop), already reported once per
		// interval with a count: not an error per request.
		level = slog.LevelWarn
	}
	ctx := context.Background()
	if !s.log.Enabled(ctx, level) {
		return
	}
	if s.accessLines != nil && level == slog.LevelInfo {
		s.accessLines.write(e)
		return
	}
	s.log.LogAttrs(ctx, level, "request",
		slog.String("method", e.method),
		slog.String("path", e.path),
		slog.Int("status", e.status),
		slog.Duration("duration", e.took),
		slog.Int64("bytes", e.bytes),
		slog.String("request_id", e.requestID),
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
