package web

import (
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/claimtrack/claimtrack/internal/web/openapi"
)

// The document changes only with the binary, so clients may keep it a while
// and then revalidate against its ETag.
var hdrDocCache = []string{"public, max-age=300"}

// openAPIAsset is the document as JSON, prepared once with its gzip form
// and ETag.
var openAPIAsset = sync.OnceValues(func() (*asset, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	return newAsset(doc.JSON, hdrJSON, hdrDocCache), nil
})

// apiOpenAPIShow serves the OpenAPI 3 document of the JSON API.
func (s *Server) apiOpenAPIShow(c echo.Context) error {
	a, err := openAPIAsset()
	if err != nil {
		return err
	}
	c.Response().Header()["X-Content-Type-Options"] = hdrNosniff
	return sendAsset(c, a)
}
