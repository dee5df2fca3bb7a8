package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/storyfile"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

// importMediaTypes are the content types a story file may be sent as.
var importMediaTypes = map[string]bool{"application/yaml": true, "application/x-yaml": true, "text/yaml": true, "text/x-yaml": true, "text/plain": true}

// Line is a message about one line of a story file.
type Line struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// ImportReport is what an import changed.
type ImportReport struct {
	Slug    string `json:"slug"`
	StoryID int64  `json:"story_id"`
	URL     string `json:"url"`
	Created bool   `json:"created"`
	Changed bool   `json:"changed"`
	Changes []Line `json:"changes"`
	Kept    []Line `json:"kept"`
}

// ImportRefused is the 422 answer for a story file with problems: the
// usual error, and every problem with its line.
type ImportRefused struct {
	Error  ImportError `json:"error"`
	Errors []Line      `json:"errors"`
}

// ImportError is what a refused import says went wrong.
type ImportError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// Import creates or updates the story a story file (the body) describes,
// all or nothing, and answers what changed. ?name= names the file in the
// timeline's notes ("Imported from NAME").
func (h *Handler) Import(c echo.Context) error {
	mt, _, err := mime.ParseMediaType(c.Request().Header.Get("Content-Type"))
	if err != nil || !importMediaTypes[mt] {
		return httpx.StatusError{Status: http.StatusUnsupportedMediaType,
			Err: claims.Invalid("Content-Type", "send the story file as application/yaml or text/plain")}
	}
	body := http.MaxBytesReader(c.Response(), c.Request().Body, storyfile.MaxSize)
	data, err := io.ReadAll(body)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return httpx.StatusError{Status: http.StatusRequestEntityTooLarge,
			Err: claims.Errorf(claims.EINVALID, "the story file is larger than %d bytes", storyfile.MaxSize)}
	case err != nil:
		return err
	}
	name := strings.TrimSpace(c.QueryParam("name"))
	if name == "" || len(name) > 200 {
		name = "an upload to the API"
	}
	f, err := storyfile.Parse(data)
	if err != nil {
		return importRefused(c, err)
	}
	rep, err := h.Writer.ImportStory(c.Request().Context(), httpx.ActorOf(c), name, f)
	if err != nil {
		return importRefused(c, err)
	}
	out := ImportReport{Slug: rep.Slug, StoryID: rep.StoryID, URL: h.Site.Abs(site.StoryURL(rep.Slug)), Created: rep.Created,
		Changed: rep.Changed(), Changes: lines(rep.Changes), Kept: lines(rep.Kept)}
	return httpx.WritePrivateJSON(c, http.StatusOK, out)
}

// importRefused answers a file's problems with 422 and their lines; other
// errors take the usual way.
func importRefused(c echo.Context, err error) error {
	var fe *claims.FileError
	if !errors.As(err, &fe) {
		return err
	}
	return httpx.WritePrivateJSON(c, http.StatusUnprocessableEntity, ImportRefused{
		Error:  ImportError{Code: claims.EINVALID, Message: claims.ErrorMessage(err), Fields: map[string]string{}},
		Errors: lines(fe.Problems),
	})
}

// lines are a story file's lines as the answer lists them.
func lines(ls []claims.FileLine) []Line {
	out := make([]Line, 0, len(ls))
	for _, l := range ls {
		out = append(out, Line{Line: l.Line, Message: l.Message})
	}
	return out
}
