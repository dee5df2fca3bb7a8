package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// readyShow answers 200 when the database answers and its migrations are
// applied, 503 otherwise, so a load balancer sends no reader to an instance
// that cannot serve them.
func (s *Server) readyShow(c echo.Context) error {
	if err := s.svc.Ping(c.Request().Context()); err != nil {
		s.logger(c).Warn("not ready", "error", err.Error())
		return c.String(http.StatusServiceUnavailable, "not ready")
	}
	return c.String(http.StatusOK, "ready")
}
