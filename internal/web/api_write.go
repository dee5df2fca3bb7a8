package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Helpers shared by the write API's handlers.

// maxBodyBytes bounds a write request's body; the longest legitimate one (a
// story with its context) is far below it.
const maxBodyBytes = 1 << 20

// statusError is a domain error answered with a status of its own (a stale
// If-Match is 412, not 409; an oversized body 413), optionally with the
// resource as it now stands.
type statusError struct {
	status  int
	err     *claims.Error
	current any
}

func (e statusError) Error() string { return e.err.Error() }
func (e statusError) Unwrap() error { return e.err }

// currentOf returns the resource a stale-edit error carries, or nil.
func currentOf(err error) any {
	var se statusError
	if errors.As(err, &se) {
		return se.current
	}
	return nil
}

// idAndBody reads the path's id and the request's JSON body (see
// decodeJSON): the input of every write to one record.
func idAndBody[T any](c echo.Context, optional bool) (int64, T, error) {
	var req T
	id, err := pathID(c, "id")
	if err == nil {
		err = decodeJSON(c, &req, optional)
	}
	return id, req, err
}

// decodeJSON reads the request body into v. Only v's fields are read, so
// anything else a client sends (ids, versions, authors, timestamps) is
// ignored. An empty body is allowed when optional. Bodies over 1 MiB are
// 413; unreadable JSON is 400.
func decodeJSON(c echo.Context, v any, optional bool) error {
	r := c.Request()
	body := http.MaxBytesReader(c.Response(), r.Body, maxBodyBytes)
	err := json.NewDecoder(body).Decode(v)
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return statusError{status: http.StatusRequestEntityTooLarge,
			err: claims.Errorf(claims.EINVALID, "the request body is larger than %d bytes", maxBodyBytes)}
	case errors.Is(err, io.EOF) && optional:
		return nil
	case errors.Is(err, io.EOF):
		return malformed("body", "the request needs a JSON body")
	}
	return malformed("body", "the request body is not valid JSON: "+jsonProblem(err))
}

// jsonProblem describes a decoding error without echoing the client's input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + te.Field + " has the wrong type"
	}
	return "it could not be parsed"
}

// lockVersion returns the version a client read: from If-Match ("3" or
// W/"3") when present, else from the body. ifMatch reports which, since a
// stale If-Match is answered 412 and a stale body version 409.
func lockVersion(c echo.Context, body *int) (version int, ifMatch bool, err error) {
	if h := strings.TrimSpace(c.Request().Header.Get("If-Match")); h != "" {
		v := strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, true, malformed("If-Match", `If-Match must be the ETag you read, like "3"`)
		}
		return n, true, nil
	}
	if body == nil {
		return 0, false, claims.Invalid("version", "send the version you read (in the body or as If-Match)")
	}
	return *body, false, nil
}

// staleEdit turns a domain conflict carrying the resource as it now stands
// into a 409 (412 after If-Match) with that resource in API form; other
// errors pass through.
func staleEdit[T any](err error, ifMatch bool, conv func(T) any) error {
	var ce *claims.Error
	if !errors.As(err, &ce) || ce.Code != claims.ECONFLICT {
		return err
	}
	cur, ok := ce.Current.(T)
	if !ok {
		return err
	}
	status := http.StatusConflict
	if ifMatch {
		status = http.StatusPreconditionFailed
	}
	return statusError{status: status, err: &claims.Error{Code: claims.ECONFLICT, Message: ce.Message}, current: conv(cur)}
}

// writeCreated sends a new resource with 201.
func writeCreated(c echo.Context, v any) error { return writeJSON(c, http.StatusCreated, v) }
