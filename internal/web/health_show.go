package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthShow answers while the process serves, without touching the
// database: it is the liveness check.
func (s *Server) healthShow(c echo.Context) error {
	return c.String(http.StatusOK, "ok")
}
