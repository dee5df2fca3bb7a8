// Package claims is claimtrack's domain: stories, the claims they are split
// into, the evidence and sources behind each claim, and the append-only
// timeline of everything that happened to them. It knows nothing of HTTP or
// of how the data is stored; adapters (store, web, recheck, alerts) use it.
package claims

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to one HTTP status in one place.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMITED  = "rate_limited"
	EINTERNAL     = "internal"
	// EUNAVAILABLE means the request could not be served now for a reason
	// that passes (the database refuses writes or lost its connection,
	// the server is stopping); the message says whether to send it again.
	EUNAVAILABLE = "unavailable"
)

// Error is a failure the user can act on. Anything that is not an *Error is
// treated as internal: logged in detail, shown as a plain message.
type Error struct {
	Code    string
	Message string
	// Fields names the input fields at fault, each with its own message.
	Fields map[string]string
	// Current is the resource as it now stands, for ECONFLICT, so a client
	// whose edit was stale can show both versions instead of losing its text.
	Current any
	// Err is the underlying cause, for logs; it is never shown to users.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error naming one field.
func Invalid(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// ErrorCode returns the code of err: "" for nil, EINTERNAL for errors that
// are not an *Error.
func ErrorCode(err error) string {
	return errorField(err, func(e *Error) string { return e.Code }, EINTERNAL)
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic one so that no detail leaks.
func ErrorMessage(err error) string {
	return errorField(err, func(e *Error) string { return e.Message }, "An internal error occurred.")
}

// errorField returns field of err's *Error, "" for nil and internal for
// errors that are not an *Error.
func errorField(err error, field func(*Error) string, internal string) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return field(e)
	}
	return internal
}

// IsNotFound reports whether err carries ENOTFOUND.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
