package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

var readMethods = []string{http.MethodGet, http.MethodHead}

// routes lists everything the public site can do, in one place.
func (s *Server) routes() {
	e := s.echo
	e.Use(s.around)
	// Pages also answer HEAD, for monitors and link checkers.
	page := func(path string, h echo.HandlerFunc) { e.Match(readMethods, path, h) }

	page("/", s.indexShow)
	page("/stories/:slug", s.storyShow)
	page("/claims/:id", s.claimShow)
	page("/static/:name", s.staticShow)

	page("/healthz", s.healthShow)
	page("/readyz", s.readyShow)

	e.GET("/api/v1/stories", s.apiStoryList)
	e.GET("/api/v1/stories/:slug", s.apiStoryShow)
	e.GET("/api/v1/claims/:id", s.apiClaimShow)
	e.GET("/api/v1/claims/:id/timeline", s.apiClaimTimeline)
	e.GET("/api/v1/sources/:id", s.apiSourceShow)
}
