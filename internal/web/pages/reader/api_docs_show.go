package reader

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// APIDocsShow serves the API's readable page, made from the same OpenAPI
// document as /api/openapi.json.
func (s *Handler) APIDocsShow(c echo.Context) error {
	p, err := apiDocsContent()
	if err != nil {
		return err
	}
	p.Meta = s.Meta("API", "The JSON API of this site: every operation, its parameters and who may call it.", "/api")
	return s.RenderPage(c, http.StatusOK, "api_docs", p)
}
