package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/labstack/echo/v4"
)

// Shared plumbing of the editor's pages: every form posts, and on success
// redirects (303) to a page that shows a message chosen by key; on bad
// input the page is rendered again with the editor's input and the errors.

// editorBarOf names the signed-in editor for the navigation bar.
func editorBarOf(c echo.Context) editorBar {
	b := editorBar{Path: c.Request().URL.Path}
	if u := currentUser(c); u != nil {
		b.UserName, b.Admin = u.Name, u.IsAdmin()
	}
	return b
}

// flashOf returns the message for the ?done= key of a redirect, if any.
func flashOf(c echo.Context) string { return flashes[c.QueryParam("done")] }

// redirectDone sends the browser to path after a successful save (PRG),
// naming what was done.
func redirectDone(c echo.Context, path, done string) error {
	return c.Redirect(http.StatusSeeOther, path+"?done="+done)
}

// asClaimsError returns err's domain form (a plain message for anything
// that is not one).
func asClaimsError(err error) *claims.Error {
	var ce *claims.Error
	if errors.As(err, &ce) {
		return ce
	}
	return &claims.Error{Code: claims.ErrorCode(err), Message: claims.ErrorMessage(err)}
}

// formFailure reports whether err is one the editor fixes in the form
// (bad input: 422, a stale version: 409), and the status to answer with.
// Anything else goes to the error page.
func formFailure(err error) (int, bool) {
	var m malformedError
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

// formVersion reads the hidden version field every versioned form sends.
func formVersion(c echo.Context) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(c.FormValue("version")))
	if err != nil || v < 0 {
		return 0, malformed("version", "the form's version is missing; reload the page")
	}
	return v, nil
}

// idAndVersion reads what every edit of a locked record carries: the
// record's id in the path and, in the form, the version the editor read.
func idAndVersion(c echo.Context) (int64, int, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, 0, err
	}
	v, err := formVersion(c)
	return id, v, err
}

// hdrNoStore keeps pages that carry who is signed in out of every cache.
var hdrNoStore = []string{"private, no-store"}

// renderEditor renders an editor page.
func (s *Server) renderEditor(c echo.Context, status int, name string, data any) error {
	return s.renderWith(c, status, name, data, hdrNoStore, nil)
}
