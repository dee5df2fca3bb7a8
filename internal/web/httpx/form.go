package httpx

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Pages that post follow one pattern: on success they redirect (303) to a
// page that shows a message chosen by key; on bad input the page is
// rendered again with the input and the errors.

// RedirectDone sends the browser to path after a successful save (PRG),
// naming what was done in ?done=.
func RedirectDone(c echo.Context, path, done string) error {
	return c.Redirect(http.StatusSeeOther, DoneURL(path, done))
}

// DoneURL is path with ?done= added before any #fragment: after the
// fragment the query would never reach the server, and the page would show
// no notice.
func DoneURL(path, done string) string {
	path, frag, hasFrag := strings.Cut(path, "#")
	u := path + "?done=" + url.QueryEscape(done)
	if hasFrag {
		u += "#" + frag
	}
	return u
}

// FormFailure reports whether err is one the user fixes in the form (bad
// input: 422, a stale version: 409), and the status to answer with.
// Anything else goes to the error page.
func FormFailure(err error) (int, bool) {
	var m MalformedError
	if errors.As(err, &m) {
		return 0, false
	}
	switch claims.ErrorCode(err) {
	case claims.EINVALID:
		return http.StatusUnprocessableEntity, true
	case claims.ECONFLICT:
		return http.StatusConflict, true
	}
	return 0, false
}

// FormVersion reads the hidden version field every versioned form sends.
func FormVersion(c echo.Context) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(c.FormValue("version")))
	if err != nil || v < 0 {
		return 0, Malformed("version", "the form's version is missing; reload the page")
	}
	return v, nil
}

// IDAndVersion reads what every edit of a locked record carries: the
// record's id in the path and, in the form, the version the user read.
func IDAndVersion(c echo.Context) (int64, int, error) {
	id, err := PathID(c, "id")
	if err != nil {
		return 0, 0, err
	}
	v, err := FormVersion(c)
	return id, v, err
}
