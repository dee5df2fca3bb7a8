package reader

import (
	"github.com/labstack/echo/v4"
)

// SourceCopyShow shows readers our last copy of a source that has gone
// from the web, labelled as ours.
func (s *Handler) SourceCopyShow(c echo.Context) error {
	return showByID(s, c, "source_copy", s.readSourceCopy)
}
