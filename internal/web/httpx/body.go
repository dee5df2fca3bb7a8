package httpx

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

// MaxBodyBytes bounds a write request's body; the longest legitimate one (a
// story with its context) is far below it.
const MaxBodyBytes = 1 << 20

// IDAndBody reads the path's id and the request's JSON body (see
// DecodeJSON): the input of every write to one record.
func IDAndBody[T any](c echo.Context, optional bool) (int64, T, error) {
	var req T
	id, err := PathID(c, "id")
	if err == nil {
		err = DecodeJSON(c, &req, optional)
	}
	return id, req, err
}

// DecodeJSON reads the request body into v. Only v's fields are read, so
// anything else a client sends (ids, versions, authors, timestamps) is
// ignored. An empty body is allowed when optional. Bodies over 1 MiB are
// 413; unreadable JSON is 400.
func DecodeJSON(c echo.Context, v any, optional bool) error {
	r := c.Request()
	body := http.MaxBytesReader(c.Response(), r.Body, MaxBodyBytes)
	err := json.NewDecoder(body).Decode(v)
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return StatusError{Status: http.StatusRequestEntityTooLarge,
			Err: claims.Errorf(claims.EINVALID, "the request body is larger than %d bytes", MaxBodyBytes)}
	case errors.Is(err, io.EOF) && optional:
		return nil
	case errors.Is(err, io.EOF):
		return Malformed("body", "the request needs a JSON body")
	}
	return Malformed("body", "the request body is not valid JSON: "+jsonProblem(err))
}

// jsonProblem describes a decoding error without echoing the client's input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "field " + te.Field + " has the wrong type"
	}
	return "it could not be parsed"
}

// LockVersion returns the version a client read: from If-Match ("3" or
// W/"3") when present, else from the body. ifMatch reports which, since a
// stale If-Match is answered 412 and a stale body version 409.
func LockVersion(c echo.Context, body *int) (version int, ifMatch bool, err error) {
	if h := strings.TrimSpace(c.Request().Header.Get("If-Match")); h != "" {
		v := strings.Trim(strings.TrimPrefix(h, "W/"), `"`)
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, true, Malformed("If-Match", `If-Match must be the ETag you read, like "3"`)
		}
		return n, true, nil
	}
	if body == nil {
		return 0, false, claims.Invalid("version", "send the version you read (in the body or as If-Match)")
	}
	return *body, false, nil
}

// StaleEdit turns a domain conflict carrying the resource as it now stands
// into a 409 (412 after If-Match) with that resource in API form; other
// errors pass through.
func StaleEdit[T any](err error, ifMatch bool, conv func(T) any) error {
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
	return StatusError{Status: status, Err: &claims.Error{Code: claims.ECONFLICT, Message: ce.Message}, Current: conv(cur)}
}
