package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// sourceRow is a row of sources: the source's fields are its columns. URL
// is "" for print and broadcast sources.
type sourceRow struct{ claims.Source }

func (sourceRow) TableName() string { return "sources" }

// fromSourceRow is the row's source with its times in UTC (see utc).
func fromSourceRow(r sourceRow) claims.Source {
	s := r.Source
	s.LastCheckedAt, s.CreatedAt = utcPtr(s.LastCheckedAt), utc(s.CreatedAt)
	return s
}

// linkedSourceRow is a source read together with its link to one claim.
type linkedSourceRow struct {
	// Source is named, not anonymous: gorm skips unexported embedded types.
	Source   sourceRow `gorm:"embedded"`
	ClaimID  int64
	Stance   string
	LinkedAt time.Time
}

// SourceByID returns the source with the given id. ENOTFOUND.
func (db *DB) SourceByID(ctx context.Context, id int64) (*claims.Source, error) {
	return takeRow(db.conn(ctx).Where("id = ?", id), fromSourceRow, "source %d not found", id)
}

// SourceByURL returns the source with the given normalised URL. ENOTFOUND,
// also for "": URL-less sources cannot be looked up by URL.
func (db *DB) SourceByURL(ctx context.Context, url string) (*claims.Source, error) {
	if url == "" {
		return nil, claims.Errorf(claims.ENOTFOUND, "sources without a URL cannot be looked up by URL")
	}
	// "url <> ''" lets SQLite use the partial unique index: it cannot
	// tell that a bound parameter is not empty, and scans every source.
	return takeRow(db.conn(ctx).Where("url = ? AND url <> ''", url), fromSourceRow, "no source with URL %s", url)
}

// CreateSource stores s and sets its ID and, when zero, CreatedAt; an empty
// State becomes unchecked. ECONFLICT when the URL is already known.
func (db *DB) CreateSource(ctx context.Context, s *claims.Source) error {
	s.CreatedAt, s.LastCheckedAt = db.orNow(s.CreatedAt), utcPtr(s.LastCheckedAt)
	if s.State == "" {
		s.State = claims.SourceUnchecked
	}
	r := sourceRow{*s}
	return db.insertUnique(ctx, &r, &r.ID, &s.ID, "a source with URL "+s.URL, "a source with URL "+s.URL+" already exists")
}

// SourcesByClaim returns the sources currently linked to a claim, in the
// order they were linked.
func (db *DB) SourcesByClaim(ctx context.Context, claimID int64) ([]claims.LinkedSource, error) {
	byClaim, err := db.SourcesByClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	if out := byClaim[claimID]; out != nil {
		return out, nil
	}
	return []claims.LinkedSource{}, nil
}

// LinkSource links a source to a claim with a stance, or restores a link
// that was ended. ENOTFOUND for an unknown claim or source; ECONFLICT when
// the source is linked already.
func (db *DB) LinkSource(ctx context.Context, claimID, sourceID int64, stance claims.Stance) error {
	conn := db.conn(ctx)
	now := db.nowUTC()
	// DO NOTHING keeps a PostgreSQL transaction usable when the pair exists.
	res := conn.Exec(`INSERT INTO claim_sources (claim_id, source_id, stance, linked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (claim_id, source_id) DO NOTHING`, claimID, sourceID, string(stance), now)
	if res.Error != nil {
		if isForeignKey(res.Error) {
			return claims.Errorf(claims.ENOTFOUND, "claim %d or source %d not found", claimID, sourceID)
		}
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	res = conn.Exec(`UPDATE claim_sources SET stance = ?, linked_at = ?, unlinked_at = NULL
		WHERE claim_id = ? AND source_id = ? AND unlinked_at IS NOT NULL`, string(stance), now, claimID, sourceID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ECONFLICT, "source %d is already linked to claim %d", sourceID, claimID)
	}
	return nil
}

// UnlinkSource ends a link; the row stays, marked unlinked. ENOTFOUND when
// the source is not linked to the claim.
func (db *DB) UnlinkSource(ctx context.Context, claimID, sourceID int64) error {
	res := db.conn(ctx).Exec(`UPDATE claim_sources SET unlinked_at = ?
		WHERE claim_id = ? AND source_id = ? AND unlinked_at IS NULL`, db.nowUTC(), claimID, sourceID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ENOTFOUND, "source %d is not linked to claim %d", sourceID, claimID)
	}
	return nil
}

// SourceIsPublic reports whether the source is linked, and not since
// unlinked, to a claim of a published story.
func (db *DB) SourceIsPublic(ctx context.Context, sourceID int64) (bool, error) {
	var n int64
	err := db.conn(ctx).Table("claim_sources AS cs").
		Joins("JOIN claims AS c ON c.id = cs.claim_id").
		Joins("JOIN stories AS s ON s.id = c.story_id").
		Where("cs.source_id = ? AND cs.unlinked_at IS NULL AND s.published = ?", sourceID, true).
		Limit(1).Count(&n).Error
	return n > 0, err
}

// PauseChecks sets a source's checks_paused flag. ENOTFOUND.
func (db *DB) PauseChecks(ctx context.Context, sourceID int64, paused bool) error {
	res := db.conn(ctx).Model(&sourceRow{}).Where("id = ?", sourceID).Update("checks_paused", paused)
	return changed(res, "source %d not found", sourceID)
}

// SourcesByAddress returns the sources with one of addrs as URL, or as the
// canonical address one of their checks read, in id order.
func (db *DB) SourcesByAddress(ctx context.Context, addrs []string) ([]claims.Source, error) {
	// The "<> ''" conditions let SQLite use the partial indexes, as in
	// SourceByURL; without them a lookup scans every source and check.
	return findRows(db.conn(ctx).Where(`(url IN ? AND url <> '')
		OR id IN (SELECT source_id FROM source_checks WHERE canonical IN ? AND canonical <> '')`, addrs, addrs).
		Order("id"), fromSourceRow)
}

// LinkedSources returns the claim's current links that q asks for, in
// link order (linked_at, then source id), as SourcesByClaim does.
func (db *DB) LinkedSources(ctx context.Context, claimID int64, q claims.LinkQuery) ([]claims.LinkedSource, error) {
	tx := db.conn(ctx).Table("claim_sources AS cs").
		Select("s.*, cs.claim_id, cs.stance, cs.linked_at").
		Joins("JOIN sources AS s ON s.id = cs.source_id").
		Where("cs.claim_id = ? AND cs.unlinked_at IS NULL", claimID)
	if q.After != 0 {
		// The cursor's own link (kept when unlinked) says where it stood. A
		// row value lets an index on (claim_id, linked_at, source_id) seek
		// to it, where an OR of the two columns walks every link before it.
		tx = tx.Where(`(cs.linked_at, cs.source_id) > (
			(SELECT linked_at FROM claim_sources WHERE claim_id = ? AND source_id = ?), ?)`, claimID, q.After, q.After)
	}
	if q.SourceIDs != nil {
		tx = tx.Where("cs.source_id IN ?", append([]int64{0}, q.SourceIDs...))
	}
	if q.Limit > 0 {
		tx = tx.Limit(q.Limit)
	}
	var rows []linkedSourceRow
	if err := tx.Order("cs.linked_at, cs.source_id").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.LinkedSource, len(rows))
	for i, r := range rows {
		out[i] = claims.LinkedSource{Source: fromSourceRow(r.Source), Stance: claims.Stance(r.Stance), LinkedAt: utc(r.LinkedAt)}
	}
	return out, nil
}

// CountLinkedSources counts the claim's current links.
func (db *DB) CountLinkedSources(ctx context.Context, claimID int64) (int, error) {
	var n int64
	err := db.conn(ctx).Table("claim_sources").Where("claim_id = ? AND unlinked_at IS NULL", claimID).Count(&n).Error
	return int(n), err
}
