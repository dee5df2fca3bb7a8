package api

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SnapshotShow returns one stored copy of a source with its whole text
// and the sentences removed and added since the copy before. Editors only:
// the text is someone else's article. 404 for an unknown snapshot.
func (h *Handler) SnapshotShow(c echo.Context) error {
	return httpx.ShowJSON(c, httpx.WritePrivateJSON, h.Sources.Snapshot, toAPISnapshot)
}

// Snapshot is one stored copy with its text and diff.
type Snapshot struct {
	SnapshotEntry
	Removed []string `json:"removed"`
	Added   []string `json:"added"`
	Text    string   `json:"text"`
}

func toAPISnapshot(s *claims.SnapshotText) Snapshot {
	return Snapshot{SnapshotEntry: toAPISnapshotEntry(s.SnapshotEntry),
		Removed: nonNil(s.Diff.Removed), Added: nonNil(s.Diff.Added), Text: s.Text}
}
