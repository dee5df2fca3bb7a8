package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// SnapshotsBySource returns a source's snapshots newest first, without the
// compressed text, which lists never show and which is most of a row.
func (db *DB) SnapshotsBySource(ctx context.Context, sourceID int64, page claims.Page) ([]claims.Snapshot, error) {
	q := db.conn(ctx).Model(&snapshotRow{}).Select("id", "source_id", "at", "diff").Where("source_id = ?", sourceID)
	if page.Before > 0 {
		q = q.Where("id < ?", page.Before)
	}
	return findRows(q.Order("id DESC").Limit(page.Limit), fromSnapshotRow)
}

func fromSnapshotRow(r snapshotRow) claims.Snapshot {
	return claims.Snapshot{ID: r.ID, SourceID: r.SourceID, At: utc(r.At), TextGz: r.TextGz, Diff: r.Diff}
}

// SnapshotByID returns one snapshot with its compressed text. ENOTFOUND.
func (db *DB) SnapshotByID(ctx context.Context, id int64) (*claims.Snapshot, error) {
	return takeRow(db.conn(ctx).Where("id = ?", id), fromSnapshotRow, "snapshot %d not found", id)
}

// LastSnapshotTimes returns when each source's newest snapshot was taken.
// The newest is the one with the highest id, as in LatestSnapshot; picking
// rows by MAX(id) keeps the time column's own type on both databases, which
// MAX(at) would turn into text on SQLite.
func (db *DB) LastSnapshotTimes(ctx context.Context, sourceIDs []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(sourceIDs))
	if len(sourceIDs) == 0 {
		return out, nil
	}
	var rows []snapshotRow
	err := db.conn(ctx).Model(&snapshotRow{}).Select("id", "source_id", "at").
		Where("id IN (SELECT MAX(id) FROM source_snapshots WHERE source_id IN ? GROUP BY source_id)", sourceIDs).
		Find(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.SourceID] = utc(r.At)
	}
	return out, nil
}
