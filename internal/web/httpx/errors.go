// Package httpx holds what claimtrack's HTTP rooms share: the one map from
// domain error codes to statuses, path and query parsing, JSON and HTML
// writers, prepared assets, the request id, who is asking, and the form
// helpers of pages that post. It knows echo and the domain, nothing of the
// services behind them.
package httpx

import (
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

// MalformedError is a request the server cannot even read (a non-numeric
// id, bad JSON): code "invalid" like other input errors, but status 400.
type MalformedError struct{ Err *claims.Error }

func (e MalformedError) Error() string { return e.Err.Error() }
func (e MalformedError) Unwrap() error { return e.Err }

// Malformed returns a 400 error naming the field at fault.
func Malformed(field, message string) error {
	return MalformedError{Err: &claims.Error{Code: claims.EINVALID, Message: message, Fields: map[string]string{field: message}}}
}

// StatusError is a domain error answered with a status of its own (a stale
// If-Match is 412, not 409; an oversized body 413), optionally with the
// resource as it now stands.
type StatusError struct {
	Status  int
	Err     *claims.Error
	Current any
}

func (e StatusError) Error() string { return e.Err.Error() }
func (e StatusError) Unwrap() error { return e.Err }

// CurrentOf returns the resource a stale-edit error carries, or nil.
func CurrentOf(err error) any {
	var se StatusError
	if errors.As(err, &se) {
		return se.Current
	}
	return nil
}

// ErrorStatus returns the HTTP status for err and its domain form.
func ErrorStatus(err error) (int, *claims.Error) {
	var m MalformedError
	if errors.As(err, &m) {
		return http.StatusBadRequest, m.Err
	}
	var se StatusError
	if errors.As(err, &se) {
		return se.Status, se.Err
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

// AsClaimsError returns err's domain form (a plain message for anything
// that is not one).
func AsClaimsError(err error) *claims.Error {
	var ce *claims.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &claims.Error{Code: claims.ErrorCode(err), Message: claims.ErrorMessage(err)}
}

// IsAPI reports whether path belongs to the JSON API, whose errors answer
// in JSON.
func IsAPI(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// WriteError sends the JSON shape of every API error.
func WriteError(c echo.Context, status int, ce *claims.Error, current any) error {
	fields := ce.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	return WriteJSON(c, status, ErrorBody{Error: ErrorDetail{Code: ce.Code, Message: ce.Message, Fields: fields}, Current: current})
}

// ErrorBody is the JSON shape of every API error.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
	// Current is the resource as it now stands, sent with a stale edit's
	// 409 or 412 so the client can show both versions.
	Current any `json:"current,omitempty"`
}

// ErrorDetail is what went wrong, with the fields at fault.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// Off answers for a feature this server runs without (search, source
// checks): 503, as the same request may work on a server that has it.
func Off(feature string) error {
	return StatusError{Status: http.StatusServiceUnavailable,
		Err: &claims.Error{Code: claims.EINTERNAL, Message: feature + " is not available on this server."}}
}
