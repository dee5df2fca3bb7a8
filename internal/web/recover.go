package web

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"
)

// recovering runs next, turning a panic into a logged internal error so one
// bad request shows a 500 page with its request id instead of dropping the
// connection.
func (s *Server) recovering(next echo.HandlerFunc, c echo.Context) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if e, ok := r.(error); ok && errors.Is(e, http.ErrAbortHandler) {
			panic(r)
		}
		s.logger(c).Error("panic", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		err = errPanicked
	}()
	return next(c)
}

// errPanicked is internal: its detail has already been logged.
var errPanicked = errors.New("handler panicked")
