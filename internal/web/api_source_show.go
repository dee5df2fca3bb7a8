package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiSourceShow returns one source.
func (s *Server) apiSourceShow(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	src, err := s.svc.Source(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(c, http.StatusOK, toAPISource(*src))
}
