package web

import (
	"context"
	"errors"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// handleError is echo's error handler: it logs internal errors in detail and
// answers JSON under /api/ and an HTML page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, ce := httpx.ErrorStatus(err)
	if cut := errors.Is(context.Cause(c.Request().Context()), ErrCut); cut || ce.Code == claims.EUNAVAILABLE {
		status, ce = s.unavailable(c, err, ce, cut)
	}
	var deliberate httpx.StatusError
	if status >= 500 && ce.Code != claims.EUNAVAILABLE && !errors.As(err, &deliberate) {
		if !errors.Is(err, httpx.ErrPanicked) {
			s.logger(c).Error("internal error", "error", err.Error())
		}
		ce = &claims.Error{Code: claims.EINTERNAL, Message: "Something went wrong on our side."}
	}
	if httpx.IsAPI(c.Request().URL.Path) {
		_ = httpx.WriteError(c, status, ce, httpx.CurrentOf(err))
		return
	}
	_ = s.renderError(c, status, ce.Message)
}
