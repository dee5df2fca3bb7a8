package reader

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// showByID renders template name, uncached, with the page read builds for
// the record the path's id names.
func showByID[P any](s *Handler, c echo.Context, name string, read httpx.Loader[P]) error {
	p, err := httpx.ByPathID(c, read)
	if err != nil {
		return err
	}
	return s.RenderPage(c, http.StatusOK, name, p)
}
