package reader

import (
	"github.com/labstack/echo/v4"
)

// SourceChangesShow shows readers what changed in the text of a source of
// a published story, check by check.
func (s *Handler) SourceChangesShow(c echo.Context) error {
	return showByID(s, c, "source_changes", s.readSourceChanges)
}
