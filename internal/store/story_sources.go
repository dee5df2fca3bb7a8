package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// storyLinks selects the sources linked, and not since unlinked, to a
// story's non-withdrawn claims; its arguments are the story's id and false.
const storyLinks = `SELECT cs.source_id FROM claim_sources AS cs JOIN claims AS c ON c.id = cs.claim_id
	WHERE c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL`

// claimSourceCounts counts each claim's live links by stance, in one row
// per claim and stance. With d (the story page) the same pass also sets
// each claim's SourcesCheckedAt, the oldest check among its fetchable
// sources, unknown (nil) while one of them has never been checked, and the
// story's, the oldest among those whose checks are not paused.
func (db *DB) claimSourceCounts(ctx context.Context, storyID int64, byClaim map[int64]*claims.ClaimSummary, d *claims.StoryDetail) error {
	add := func(claimID int64, stance string, n int) {
		c := byClaim[claimID]
		switch claims.Stance(stance) {
		case claims.StanceSupports:
			c.Supporting += n
		case claims.StanceDisputes:
			c.Disputing += n
		case claims.StanceContext:
			c.Contextual += n
		}
	}
	q := db.conn(ctx).Table("claim_sources AS cs").Joins("JOIN claims AS c ON c.id = cs.claim_id").
		Where("c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL", storyID, false).
		Group("cs.claim_id, cs.stance")
	if d == nil {
		var counts []struct {
			ClaimID int64
			Stance  string
			N       int
		}
		if err := q.Select("cs.claim_id, cs.stance, COUNT(*) AS n").Scan(&counts).Error; err != nil {
			return err
		}
		for _, n := range counts {
			add(n.ClaimID, n.Stance, n.N)
		}
		return nil
	}
	rows, err := q.Joins("JOIN sources AS s ON s.id = cs.source_id").
		Select(`cs.claim_id, cs.stance, COUNT(*),
			SUM(CASE WHEN s.url <> '' AND s.last_checked_at IS NULL THEN 1 ELSE 0 END),
			MIN(CASE WHEN s.url <> '' THEN s.last_checked_at END),
			MIN(CASE WHEN s.url <> '' AND s.checks_paused = ? THEN s.last_checked_at END)`, false).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	neverChecked := map[int64]bool{}
	for rows.Next() {
		var claimID int64
		var stance string
		var n, unchecked int
		var fetched, watched any
		if err := rows.Scan(&claimID, &stance, &n, &unchecked, &fetched, &watched); err != nil {
			return err
		}
		add(claimID, stance, n)
		neverChecked[claimID] = neverChecked[claimID] || unchecked > 0
		f, err := aggregateTime(fetched)
		if err != nil {
			return err
		}
		w, err := aggregateTime(watched)
		if err != nil {
			return err
		}
		c := byClaim[claimID]
		c.SourcesCheckedAt, d.SourcesCheckedAt = earlier(c.SourcesCheckedAt, f), earlier(d.SourcesCheckedAt, w)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id, never := range neverChecked {
		if never {
			byClaim[id].SourcesCheckedAt = nil
		}
	}
	return nil
}

// earlier is the earlier of two times, either of which may be unknown.
func earlier(a, b *time.Time) *time.Time {
	if a == nil || b != nil && b.Before(*a) {
		return b
	}
	return a
}

// aggregateTime reads MIN() of a time column: PostgreSQL's driver gives a
// time, SQLite's the stored text, since an aggregate has no declared type
// for it to parse by; NULL is nil.
func aggregateTime(v any) (*time.Time, error) {
	var t time.Time
	var err error
	switch x := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		t = x
	case string:
		t, err = parseSQLiteTime(x)
	case []byte:
		t, err = parseSQLiteTime(string(x))
	default:
		err = fmt.Errorf("store: %T is not a time", v)
	}
	if err != nil {
		return nil, err
	}
	t = utc(t)
	return &t, nil
}

// storySourcesShown reads what the story page lists of its sources: of
// each outlet kind the first StorySourcesShown in the page's order with
// the kind's count, in one query (ROW_NUMBER and COUNT over the kind).
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
