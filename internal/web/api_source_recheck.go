package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/claimtrack/claimtrack/internal/recheck"
)

// SourceChecker checks one source now and records what it found.
type SourceChecker interface {
	CheckOne(ctx context.Context, sourceID int64) (*recheck.Result, error)
}

// apiSourceRecheck checks a source now, due or not, and returns what the
// check found. 404 for an unknown source, 422 for one without a URL, 409
// while another check of it runs.
func (s *Server) apiSourceRecheck(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if s.rechecker == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "source checks are not available")
	}
	res, err := s.rechecker.CheckOne(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, res)
}
