package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// statusByCode is the one mapping from domain error codes to HTTP statuses.
var statusByCode = map[string]int{
	claims.ENOTFOUND:     http.StatusNotFound,
	claims.EINVALID:      http.StatusUnprocessableEntity,
	claims.ECONFLICT:     http.StatusConflict,
	claims.EUNAUTHORIZED: http.StatusUnauthorized,
	claims.EFORBIDDEN:    http.StatusForbidden,
	claims.ERATELIMITED:  http.StatusTooManyRequests,
	claims.EINTERNAL:     http.StatusInternalServerError,
	claims.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// malformedError is a request the server cannot even read (a non-numeric
// id, bad JSON): code "invalid" like other input errors, but status 400.
type malformedError struct{ err *claims.Error }

func (e malformedError) Error() string { return e.err.Error() }
func (e malformedError) Unwrap() error { return e.err }

// malformed returns a 400 error naming the field at fault.
func malformed(field, message string) error {
	return malformedError{err: &claims.Error{Code: claims.EINVALID, Message: message, Fields: map[string]string{field: message}}}
}

// errorStatus returns the HTTP status for err and its domain form.
func errorStatus(err error) (int, *claims.Error) {
	var m malformedError
	if errors.As(err, &m) {
		return http.StatusBadRequest, m.err
	}
	var se statusError
	if errors.As(err, &se) {
		return se.status, se.err
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return echoErrorStatus(he)
	}
	code := claims.ErrorCode(err)
	status, ok := statusByCode[code]
	if !ok {
		status, code = http.StatusInternalServerError, claims.EINTERNAL
	}
	var ce *claims.Error
	if !errors.As(err, &ce) || code == claims.EINTERNAL {
		ce = &claims.Error{Code: code, Message: claims.ErrorMessage(err)}
	}
	return status, ce
}

// echoErrorStatus covers errors the router raises itself (no route, wrong
// method), so they answer in the same shape as ours.
func echoErrorStatus(he *echo.HTTPError) (int, *claims.Error) {
	switch he.Code {
	case http.StatusNotFound:
		return he.Code, &claims.Error{Code: claims.ENOTFOUND, Message: "There is nothing at this address."}
	case http.StatusMethodNotAllowed:
		return he.Code, &claims.Error{Code: claims.EINVALID, Message: "This address does not accept that method."}
	case http.StatusBadRequest:
		return he.Code, &claims.Error{Code: claims.EINVALID, Message: "The request could not be read."}
	}
	return http.StatusInternalServerError, &claims.Error{Code: claims.EINTERNAL, Message: "Something went wrong on our side."}
}

// handleError is echo's error handler: it logs internal errors in detail and
// answers JSON under /api/ and an HTML page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, ce := errorStatus(err)
	if cut := errors.Is(context.Cause(c.Request().Context()), ErrCut); cut || ce.Code == claims.EUNAVAILABLE {
		status, ce = s.unavailable(c, err, ce, cut)
	}
	var deliberate statusError
	if status >= 500 && ce.Code != claims.EUNAVAILABLE && !errors.As(err, &deliberate) {
		if !errors.Is(err, errPanicked) {
			s.logger(c).Error("internal error", "error", err.Error())
		}
		ce = &claims.Error{Code: claims.EINTERNAL, Message: "Something went wrong on our side."}
	}
	if isAPI(c.Request().URL.Path) {
		fields := ce.Fields
		if fields == nil {
			fields = map[string]string{}
		}
		_ = writeJSON(c, status, errorBody{Error: errorDetail{Code: ce.Code, Message: ce.Message, Fields: fields}, Current: currentOf(err)})
		return
	}
	_ = s.renderError(c, status, ce.Message)
}

func isAPI(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
	// Current is the resource as it now stands, sent with a stale edit's
	// 409 or 412 so the client can show both versions.
	Current any `json:"current,omitempty"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}
