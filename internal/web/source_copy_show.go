package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// sourceCopyShow shows readers our last copy of a source that has gone from
// the web, labelled as ours.
func (s *Server) sourceCopyShow(c echo.Context) error {
	sn, err := httpx.ByPathID(c, s.svc.PublicLastCopy)
	if err != nil {
		return err
	}
	return s.renderPage(c, http.StatusOK, "source_copy", s.buildSourceCopyPage(sn))
}
