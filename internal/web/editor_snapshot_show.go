package web

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// editorSnapshotShow serves GET /editor/snapshots/{id}: the whole text of
// one stored copy. Only editors ever see it; readers see the passages
// that claims quote.
func (s *Server) editorSnapshotShow(c echo.Context) error {
	sn, err := httpx.ByPathID(c, s.svc.Snapshot)
	if err != nil {
		return err
	}
	p := s.buildEditorSnapshotPage(s.now(), sn)
	p.Bar = editorBarOf(c)
	return s.renderEditor(c, http.StatusOK, "editor_snapshot", p)
}
