package api

import (
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/labstack/echo/v4"
)

// SourceSnapshots lists a source's stored copies newest first, paged,
// with how many sentences each added and removed; the text and the
// sentences are at each snapshot's own URL. Editors only; 404 for an
// unknown source.
func (h *Handler) SourceSnapshots(c echo.Context) error {
	return httpx.ListJSON(c, httpx.WritePrivateJSON, h.Sources.SourceSnapshots, func(e claims.SnapshotEntry) int64 { return e.ID }, toAPISnapshotEntry)
}

// SnapshotEntry is a stored copy as lists show it.
type SnapshotEntry struct {
	ID       int64     `json:"id"`
	SourceID int64     `json:"source_id"`
	At       time.Time `json:"at"`
	// Baseline is true for a copy with nothing before it to compare to.
	Baseline     bool   `json:"baseline"`
	AddedCount   int    `json:"added_count"`
	RemovedCount int    `json:"removed_count"`
	URL          string `json:"url"`
}

func toAPISnapshotEntry(e claims.SnapshotEntry) SnapshotEntry {
	return SnapshotEntry{ID: e.ID, SourceID: e.SourceID, At: httpx.UTC(e.At), Baseline: e.Baseline,
		AddedCount: len(e.Diff.Added), RemovedCount: len(e.Diff.Removed), URL: snapshotURL(e.ID)}
}

// snapshotURL is where the API serves a snapshot.
func snapshotURL(id int64) string { return "/api/v1/snapshots/" + strconv.FormatInt(id, 10) }
