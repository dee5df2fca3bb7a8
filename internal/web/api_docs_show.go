package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiDocsShow serves the API's readable page, made from the same OpenAPI
// document as /api/openapi.json.
func (s *Server) apiDocsShow(c echo.Context) error {
	p, err := apiDocsContent()
	if err != nil {
		return err
	}
	p.Meta = s.chrome.Meta("API", "The JSON API of this site: every operation, its parameters and who may call it.", "/api")
	return s.renderPage(c, http.StatusOK, "api_docs", p)
}
