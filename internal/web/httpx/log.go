package httpx

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/labstack/echo/v4"
)

// Logger returns base tagged with the request, for the error paths of a
// request.
func Logger(base *slog.Logger, c echo.Context) *slog.Logger {
	r := c.Request()
	return base.With(slog.String("request_id", RequestIDOf(c)), slog.String("method", r.Method), slog.String("path", LoggedPath(c)))
}

// LoggedPath is the request path, except for routes whose path carries a
// secret (a one-time setup token): those log their route pattern, so that a
// log reader cannot take over the first-admin setup.
func LoggedPath(c echo.Context) string {
	if strings.Contains(c.Path(), ":token") {
		return c.Path()
	}
	return c.Request().URL.Path
}

// Recover runs next, turning a panic into a logged internal error so one
// bad request shows a 500 page with its request id instead of dropping the
// connection.
func Recover(log *slog.Logger, next echo.HandlerFunc, c echo.Context) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(error); ok && errors.Is(e, http.ErrAbortHandler) {
			panic(r)
		}
		Logger(log, c).Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		err = ErrPanicked
	}()
	return next(c)
}

// ErrPanicked is internal: its detail has already been logged.
var ErrPanicked = errors.New("handler panicked")
