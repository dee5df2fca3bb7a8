package web

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// apiSnapshotShow returns one stored copy of a source with its whole text
// and the sentences removed and added since the copy before. Editors only:
// the text is someone else's article. 404 for an unknown snapshot.
func (s *Server) apiSnapshotShow(c echo.Context) error {
	return httpx.ShowJSON(c, httpx.WritePrivateJSON, s.svc.Snapshot, toAPISnapshot)
}

// apiSnapshot is one stored copy with its text and diff.
type apiSnapshot struct {
	apiSnapshotEntry
	Removed []string `json:"removed"`
	Added   []string `json:"added"`
	Text    string   `json:"text"`
}

func toAPISnapshot(s *claims.SnapshotText) apiSnapshot {
	return apiSnapshot{apiSnapshotEntry: toAPISnapshotEntry(s.SnapshotEntry),
		Removed: nonNil(s.Diff.Removed), Added: nonNil(s.Diff.Added), Text: s.Text}
}
