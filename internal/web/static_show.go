package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// staticShow serves an embedded asset under its fingerprinted name.
func (s *Server) staticShow(c echo.Context) error {
	a, ok := s.assets.files[c.Param("name")]
	if !ok {
		return claims.Errorf(claims.ENOTFOUND, "no such file")
	}
	c.Response().Header()["X-Content-Type-Options"] = httpx.HdrNosniff
	return httpx.SendAsset(c, a)
}
