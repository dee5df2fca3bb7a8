package store

import (
	"context"
	"slices"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// storyLinks selects the sources linked, and not since unlinked, to a
// story's non-withdrawn claims; its arguments are the story's id and false.
const storyLinks = `SELECT cs.source_id FROM claim_sources AS cs JOIN claims AS c ON c.id = cs.claim_id
	WHERE c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL`

// claimSourceCounts counts each claim's live links by stance, in one row
// per claim and stance. With checks it also sets each claim's
// SourcesCheckedAt, the oldest check among its fetchable sources, unknown
// (nil) while one of them has never been checked.
func (db *DB) claimSourceCounts(ctx context.Context, storyID int64, byClaim map[int64]*claims.ClaimSummary, checks bool) error {
	var counts []struct {
		ClaimID   int64
		Stance    string
		N         int
		Unchecked int
	}
	err := db.conn(ctx).Table("claim_sources AS cs").
		Select(`cs.claim_id, cs.stance, COUNT(*) AS n,
			SUM(CASE WHEN s.url <> '' AND s.last_checked_at IS NULL THEN 1 ELSE 0 END) AS unchecked`).
		Joins("JOIN claims AS c ON c.id = cs.claim_id").
		Joins("JOIN sources AS s ON s.id = cs.source_id").
		Where("c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL", storyID, false).
		Group("cs.claim_id, cs.stance").Scan(&counts).Error
	if err != nil {
		return err
	}
	neverChecked := map[int64]bool{}
	for _, n := range counts {
		c := byClaim[n.ClaimID]
		switch claims.Stance(n.Stance) {
		case claims.StanceSupports:
			c.Supporting += n.N
		case claims.StanceDisputes:
			c.Disputing += n.N
		case claims.StanceContext:
			c.Contextual += n.N
		}
		neverChecked[n.ClaimID] = neverChecked[n.ClaimID] || n.Unchecked > 0
	}
	if !checks {
		return nil
	}
	// The oldest check is the row itself, picked by ROW_NUMBER: MIN() would
	// come back from SQLite as text, with no declared type to parse it by.
	var oldest []struct {
		ClaimID       int64
		LastCheckedAt time.Time
	}
	err = db.conn(ctx).Raw(`SELECT claim_id, last_checked_at FROM (
		SELECT cs.claim_id, s.last_checked_at,
			ROW_NUMBER() OVER (PARTITION BY cs.claim_id ORDER BY s.last_checked_at) AS k
		FROM claim_sources AS cs JOIN claims AS c ON c.id = cs.claim_id JOIN sources AS s ON s.id = cs.source_id
		WHERE c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL
			AND s.url <> '' AND s.last_checked_at IS NOT NULL) AS t
		WHERE k = 1`, storyID, false).Scan(&oldest).Error
	if err != nil {
		return err
	}
	for _, o := range oldest {
		if !neverChecked[o.ClaimID] {
			byClaim[o.ClaimID].SourcesCheckedAt = utcPtr(&o.LastCheckedAt)
		}
	}
	return nil
}

// storySourcesShown reads what the story page says of its sources: of each
// outlet kind the first StorySourcesShown in the page's order with the
// kind's count, in one query (ROW_NUMBER and COUNT over the kind), and the
// oldest check among the fetchable ones in another, one row each.
func (db *DB) storySourcesShown(ctx context.Context, storyID int64, d *claims.StoryDetail) error {
	var rows []struct {
		Source    sourceRow `gorm:"embedded"`
		KindCount int
	}
	// The ranking sorts narrow rows (id, kind, outlet); only the rows kept
	// are read whole.
	err := db.conn(ctx).Raw(`SELECT s.*, ranked.kind_count FROM (
		SELECT id, COUNT(*) OVER (PARTITION BY outlet_kind) AS kind_count,
			ROW_NUMBER() OVER (PARTITION BY outlet_kind ORDER BY outlet`+db.byteOrder()+`, id) AS kind_rank
		FROM sources WHERE id IN (`+storyLinks+`)) AS ranked
		JOIN sources AS s ON s.id = ranked.id
		WHERE ranked.kind_rank <= ?`, storyID, false, claims.StorySourcesShown).Scan(&rows).Error
	if err != nil {
		return err
	}
	d.SourceCounts = map[claims.OutletKind]int{}
	for _, r := range rows {
		d.Sources = append(d.Sources, fromSourceRow(r.Source))
		d.SourceCounts[r.Source.OutletKind] = r.KindCount
	}
	slices.SortFunc(d.Sources, compareSources)
	var oldest []sourceRow
	err = db.conn(ctx).Where("id IN ("+storyLinks+")", storyID, false).
		Where("url <> '' AND checks_paused = ? AND last_checked_at IS NOT NULL", false).
		Order("last_checked_at").Limit(1).Find(&oldest).Error
	if err != nil {
		return err
	}
	if len(oldest) == 1 {
		d.SourcesCheckedAt = utcPtr(oldest[0].LastCheckedAt)
	}
	return nil
}

// StorySources returns the distinct sources linked to the story's
// non-withdrawn claims in the story page's order: all of them, or with ids
// only those among them (none for an empty ids).
func (db *DB) StorySources(ctx context.Context, storyID int64, ids []int64) ([]claims.Source, error) {
	q := db.conn(ctx).Where("id IN ("+storyLinks+")", storyID, false)
	if ids != nil {
		if len(ids) == 0 {
			return []claims.Source{}, nil
		}
		q = q.Where("id IN ?", ids)
	}
	var rows []sourceRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.Source, len(rows))
	for i, r := range rows {
		out[i] = fromSourceRow(r)
	}
	slices.SortFunc(out, compareSources)
	return out, nil
}

// byteOrder makes ORDER BY compare text byte by byte, as Go's cmp.Compare
// does, whatever collation the PostgreSQL database was created with.
func (db *DB) byteOrder() string {
	if db.dialect == DialectPostgres {
		return ` COLLATE "C"`
	}
	return ""
}
