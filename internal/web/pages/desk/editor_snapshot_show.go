package desk

import (
	"net/http"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SnapshotShow serves GET /editor/snapshots/{id}: the whole text of
// one stored copy. Only editors ever see it; readers see the passages
// that claims quote.
func (s *Handler) SnapshotShow(c echo.Context) error {
	sn, err := httpx.ByPathID(c, s.Sources.Snapshot)
	if err != nil {
		return err
	}
	p := s.buildEditorSnapshotPage(s.Now(), sn)
	p.Bar = editorBarOf(c)
	return s.RenderEditor(c, http.StatusOK, "editor_snapshot", p)
}
