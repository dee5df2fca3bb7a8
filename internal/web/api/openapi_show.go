package api

import (
	"sync"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/openapi"
	"github.com/labstack/echo/v4"
)

// The document changes only with the binary, so clients may keep it a while
// and then revalidate against its ETag.
var hdrDocCache = []string{"public, max-age=300"}

// openAPIAsset is the document as JSON, prepared once with its gzip form
// and ETag.
var openAPIAsset = sync.OnceValues(func() (*httpx.Asset, error) {
	doc, err := openapi.Load()
	if err != nil {
		return nil, err
	}
	return httpx.NewAsset(doc.JSON, httpx.HdrJSON, hdrDocCache), nil
})

// OpenAPIShow serves the OpenAPI 3 document of the JSON API.
func (h *Handler) OpenAPIShow(c echo.Context) error {
	a, err := openAPIAsset()
	if err != nil {
		return err
	}
	c.Response().Header()["X-Content-Type-Options"] = httpx.HdrNosniff
	return httpx.SendAsset(c, a)
}
