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
	var rows []snapshotRow
	if err := q.Order("id DESC").Limit(page.Limit).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.Snapshot, len(rows))
	for i, r := range rows {
		out[i] = claims.Snapshot{ID: r.ID, SourceID: r.SourceID, At: utc(r.At), Diff: r.Diff}
	}
	return out, nil
}

// SnapshotByID returns one snapshot with its compressed text. ENOTFOUND.
func (db *DB) SnapshotByID(ctx context.Context, id int64) (*claims.Snapshot, error) {
	var r snapshotRow
	if err := db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "snapshot %d not found", id)
	}
	return &claims.Snapshot{ID: r.ID, SourceID: r.SourceID, At: utc(r.At), TextGz: r.TextGz, Diff: r.Diff}, nil
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
