package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm/clause"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// checkStateRow is a row of source_check_state; a source without one has
// never been checked.
type checkStateRow struct {
	SourceID        int64 `gorm:"primaryKey;autoIncrement:false"`
	NextCheckAt     *time.Time
	LeaseUntil      *time.Time
	ETag            string `gorm:"column:etag"`
	LastModified    string
	TextHash        string
	ExtractVersion  int
	ExtractHint     string
	Failures        string
	UnchangedStreak int
	LastChangeAt    *time.Time
}

func (checkStateRow) TableName() string { return "source_check_state" }

// checkRow is a row of source_checks.
type checkRow struct {
	ID             int64 `gorm:"primaryKey"`
	SourceID       int64
	At             time.Time
	StatusCode     int
	FinalURL       string
	RemoteAddr     string
	ContentType    string
	DurationMS     int64  `gorm:"column:duration_ms"`
	ETag           string `gorm:"column:etag"`
	LastModified   string
	Title          string
	Canonical      string
	ExtractVersion int
	TextHash       string
	State          string
	Error          string
	Finding        string
	Truncated      bool
}

func (checkRow) TableName() string { return "source_checks" }

// snapshotRow is a row of source_snapshots.
type snapshotRow struct {
	ID       int64 `gorm:"primaryKey"`
	SourceID int64
	At       time.Time
	TextGz   []byte `gorm:"column:text_gz"`
	Diff     string
}

func (snapshotRow) TableName() string { return "source_snapshots" }

// sourceAndStateRow is a source read with its (possibly missing) check state.
type sourceAndStateRow struct {
	Source sourceRow `gorm:"embedded"`
	// The state's columns are aliased so they cannot collide with the source's.
	CsNextCheckAt     *time.Time
	CsETag            *string `gorm:"column:cs_etag"`
	CsLastModified    *string
	CsTextHash        *string
	CsExtractVersion  *int
	CsExtractHint     *string
	CsFailures        *string
	CsUnchangedStreak *int
	CsLastChangeAt    *time.Time
}

func (r sourceAndStateRow) toDomain() (claims.SourceToCheck, error) {
	st := claims.SourceToCheck{Source: fromSourceRow(r.Source)}
	c := &st.Check
	c.NextCheckAt, c.LastChangeAt = utcPtr(r.CsNextCheckAt), utcPtr(r.CsLastChangeAt)
	c.ETag, c.LastModified, c.TextHash = deref(r.CsETag), deref(r.CsLastModified), deref(r.CsTextHash)
	c.ExtractVersion, c.UnchangedStreak = deref(r.CsExtractVersion), deref(r.CsUnchangedStreak)
	c.ExtractHint = deref(r.CsExtractHint)
	if f := deref(r.CsFailures); f != "" {
		if err := json.Unmarshal([]byte(f), &c.Failures); err != nil {
			return st, fmt.Errorf("store: failures of source %d: %w", r.Source.ID, err)
		}
	}
	return st, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

const selectSourceAndState = `SELECT s.*, cs.next_check_at AS cs_next_check_at, cs.etag AS cs_etag,
	cs.last_modified AS cs_last_modified, cs.text_hash AS cs_text_hash, cs.extract_version AS cs_extract_version,
	cs.extract_hint AS cs_extract_hint, cs.failures AS cs_failures, cs.unchanged_streak AS cs_unchanged_streak, cs.last_change_at AS cs_last_change_at
	FROM sources AS s LEFT JOIN source_check_state AS cs ON cs.source_id = s.id`

// linkedCondition keeps sources that back at least one claim: a source
// nobody links to any more is not worth a request, and a paused one is left
// alone.
const linkedCondition = `s.checks_paused = FALSE AND EXISTS (SELECT 1 FROM claim_sources AS l WHERE l.source_id = s.id AND l.unlinked_at IS NULL)`

// DueSources leases up to q.Limit due sources, the never checked first (in id
// order), then the others by how long they have been due. Candidates are
// read first and then leased with a conditional write that only succeeds
// while the source is still due and unleased, so two sweeps, in one process
// or in two, never take the same source: the loser's write changes no row.
func (db *DB) DueSources(ctx context.Context, q claims.CheckQuery) ([]claims.SourceToCheck, error) {
	now, until := utc(q.Now), utc(q.LeaseUntil)
	ids, err := db.dueCandidates(ctx, now, q.Limit)
	if err != nil {
		return nil, err
	}
	// One transaction for the batch: on SQLite one commit instead of one
	// per source, and one turn at the write lock. Rows are locked in id
	// order, so that two sweeps on PostgreSQL cannot deadlock.
	slices.Sort(ids)
	var leased []int64
	err = db.Tx(ctx, func(ctx context.Context) error {
		for _, id := range ids {
			ok, err := db.lease(ctx, id, now, until, true)
			if err != nil {
				return err
			}
			if ok {
				leased = append(leased, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(leased) == 0 {
		return nil, nil
	}
	var rows []sourceAndStateRow
	if err := db.conn(ctx).Raw(selectSourceAndState+` WHERE s.id IN ? ORDER BY s.id`, leased).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.SourceToCheck, 0, len(rows))
	for _, r := range rows {
		st, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// firstNeverChecked is the lowest id a never-checked source can have, read
// off sources_never_checked.
const firstNeverChecked = `(SELECT MIN(id) FROM sources WHERE url <> '' AND last_checked_at IS NULL)`

// dueCandidates returns up to limit ids of due, unleased sources in the
// order DueSources leases them. The never checked are looked up apart from
// the rest so that those can be read in next_check_at order off its index
// and the read can stop at limit; one query ordering both would sort every
// source at every batch of a sweep.
//
// Neither read may cost more as a sweep's sources get checked, or a sweep
// of N new sources costs O(N²). The never checked are walked in id order
// off sources_never_checked, which a check leaves (it sets
// last_checked_at; SQLite uses the partial index only when the query says
// so itself). Their check states and links are tested with NOT EXISTS and
// EXISTS, each also bounded below by the first never-checked id although
// the join implies it: PostgreSQL then merges the three from there and
// stops at limit, where a LEFT JOIN tested for NULL was estimated at one
// row and joined every check state. The due are walked off next_check_at's
// index; the CROSS JOIN keeps SQLite from reading every source through
// sources_url to join them, and PostgreSQL plans it as a plain join.
func (db *DB) dueCandidates(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := db.conn(ctx).Raw(`SELECT s.id FROM sources AS s
		WHERE s.id >= `+firstNeverChecked+` AND s.url <> '' AND s.last_checked_at IS NULL AND s.checks_paused = FALSE
		AND NOT EXISTS (SELECT 1 FROM source_check_state AS cs WHERE cs.source_id = s.id AND cs.source_id >= `+firstNeverChecked+`
			AND (cs.next_check_at IS NOT NULL OR cs.lease_until >= ?))
		AND EXISTS (SELECT 1 FROM claim_sources AS l WHERE l.source_id = s.id AND l.source_id >= `+firstNeverChecked+` AND l.unlinked_at IS NULL)
		ORDER BY s.id LIMIT ?`, now, limit).Scan(&ids).Error
	if err != nil || len(ids) >= limit {
		return ids, err
	}
	var due []int64
	err = db.conn(ctx).Raw(`SELECT cs.source_id FROM source_check_state AS cs CROSS JOIN sources AS s
		WHERE s.id = cs.source_id AND cs.next_check_at <= ? AND (cs.lease_until IS NULL OR cs.lease_until < ?) AND s.url <> '' AND `+linkedCondition+`
		ORDER BY cs.next_check_at, cs.source_id LIMIT ?`, now, now, limit-len(ids)).Scan(&due).Error
	return append(ids, due...), err
}

// lease takes a source's lease when nobody holds it (and, with dueOnly,
// while the source is still due); it reports whether it did.
func (db *DB) lease(ctx context.Context, id int64, now, until time.Time, dueOnly bool) (bool, error) {
	cond := `(source_check_state.lease_until IS NULL OR source_check_state.lease_until < ?)`
	args := []any{id, until, now}
	if dueOnly {
		cond += ` AND (source_check_state.next_check_at IS NULL OR source_check_state.next_check_at <= ?)`
		args = append(args, now)
	}
	res := db.conn(ctx).Exec(`INSERT INTO source_check_state (source_id, lease_until) VALUES (?, ?)
		ON CONFLICT (source_id) DO UPDATE SET lease_until = excluded.lease_until WHERE `+cond, args...)
	if res.Error != nil {
		if isForeignKey(res.Error) {
			return false, claims.Errorf(claims.ENOTFOUND, "source %d not found", id)
		}
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}

// LeaseSource leases one source, due or not. ENOTFOUND; ECONFLICT when
// another check holds its lease.
func (db *DB) LeaseSource(ctx context.Context, sourceID int64, now, until time.Time) (*claims.SourceToCheck, error) {
	if _, err := db.SourceByID(ctx, sourceID); err != nil {
		return nil, err
	}
	ok, err := db.lease(ctx, sourceID, utc(now), utc(until), false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, claims.Errorf(claims.ECONFLICT, "source %d is being checked already", sourceID)
	}
	var r sourceAndStateRow
	if err := db.conn(ctx).Raw(selectSourceAndState+` WHERE s.id = ?`, sourceID).Scan(&r).Error; err != nil {
		return nil, err
	}
	st, err := r.toDomain()
	if err != nil {
		return nil, err
	}
	return &st, nil
}

// CheckableSourceIDs returns the ids of sources with a URL linked to a claim.
func (db *DB) CheckableSourceIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.conn(ctx).Raw(`SELECT s.id FROM sources AS s WHERE s.url <> '' AND ` + linkedCondition + ` ORDER BY s.id`).Scan(&ids).Error
	return ids, err
}

// SaveCheck stores the check, the new check state (without a lease) and the
// source's state and last-checked time. ENOTFOUND for an unknown source.
func (db *DB) SaveCheck(ctx context.Context, rec *claims.CheckRecord, next claims.CheckState) error {
	failures, err := json.Marshal(utcTimes(next.Failures))
	if err != nil {
		return err
	}
	// A checked source is leased again only through its next_check_at, so
	// "due now" is stored as the time of the check rather than as NULL.
	nextCheckAt := next.NextCheckAt
	if nextCheckAt == nil {
		nextCheckAt = &rec.At
	}
	conn := db.conn(ctx)
	row := checkRow{
		SourceID: rec.SourceID, At: utc(rec.At), StatusCode: rec.StatusCode, FinalURL: rec.FinalURL,
		RemoteAddr: rec.RemoteAddr, ContentType: rec.ContentType, DurationMS: rec.Duration.Milliseconds(),
		ETag: rec.ETag, LastModified: rec.LastModified, Title: rec.Title, Canonical: rec.Canonical,
		ExtractVersion: rec.ExtractVersion, TextHash: rec.TextHash, State: string(rec.State), Error: rec.Error,
		Finding: rec.Finding, Truncated: rec.Truncated,
	}
	if err := writeErr(conn.Create(&row).Error, fmt.Sprintf("a check of source %d", rec.SourceID)); err != nil {
		return err
	}
	rec.ID = row.ID
	state := checkStateRow{
		SourceID: rec.SourceID, NextCheckAt: utcPtr(nextCheckAt), ETag: next.ETag, LastModified: next.LastModified,
		TextHash: next.TextHash, ExtractVersion: next.ExtractVersion, ExtractHint: next.ExtractHint, Failures: string(failures),
		UnchangedStreak: next.UnchangedStreak, LastChangeAt: utcPtr(next.LastChangeAt),
	}
	if err := conn.Clauses(clause.OnConflict{UpdateAll: true}).Create(&state).Error; err != nil {
		return err
	}
	return conn.Exec(`UPDATE sources SET state = ?, last_checked_at = ? WHERE id = ?`,
		string(rec.State), utc(rec.At), rec.SourceID).Error
}

func utcTimes(ts []time.Time) []time.Time {
	out := make([]time.Time, len(ts))
	for i, t := range ts {
		out[i] = utc(t)
	}
	return out
}

// ChecksBySource returns a source's checks newest first.
func (db *DB) ChecksBySource(ctx context.Context, sourceID int64, page claims.Page) ([]claims.CheckRecord, error) {
	q := db.conn(ctx).Where("source_id = ?", sourceID)
	if page.Before > 0 {
		q = q.Where("id < ?", page.Before)
	}
	return findRows(q.Order("id DESC").Limit(page.Limit), fromCheckRow)
}

func fromCheckRow(r checkRow) claims.CheckRecord {
	return claims.CheckRecord{
		ID: r.ID, SourceID: r.SourceID, At: utc(r.At), StatusCode: r.StatusCode, FinalURL: r.FinalURL,
		RemoteAddr: r.RemoteAddr, ContentType: r.ContentType, Duration: time.Duration(r.DurationMS) * time.Millisecond,
		ETag: r.ETag, LastModified: r.LastModified, Title: r.Title, Canonical: r.Canonical,
		ExtractVersion: r.ExtractVersion, TextHash: r.TextHash, State: claims.SourceState(r.State), Error: r.Error,
		Finding: r.Finding, Truncated: r.Truncated,
	}
}

// CreateSnapshot stores a snapshot and sets its ID.
func (db *DB) CreateSnapshot(ctx context.Context, s *claims.Snapshot) error {
	row := snapshotRow{SourceID: s.SourceID, At: utc(s.At), TextGz: s.TextGz, Diff: s.Diff}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return writeErr(err, "the snapshot")
	}
	s.ID = row.ID
	return nil
}

// LatestSnapshot returns a source's newest snapshot. ENOTFOUND when none.
func (db *DB) LatestSnapshot(ctx context.Context, sourceID int64) (*claims.Snapshot, error) {
	return takeRow(db.conn(ctx).Where("source_id = ?", sourceID).Order("id DESC"), fromSnapshotRow,
		"source %d has no stored text", sourceID)
}

// ClaimsBySource returns the claims a source is linked (not unlinked) to, in
// id order.
func (db *DB) ClaimsBySource(ctx context.Context, sourceID int64) ([]claims.Claim, error) {
	by, err := db.ClaimsBySources(ctx, []int64{sourceID})
	return by[sourceID], err
}

// ClaimsBySources returns, for each of sourceIDs, the claims it is linked
// (not unlinked) to, in claim id order; one query for a whole batch.
func (db *DB) ClaimsBySources(ctx context.Context, sourceIDs []int64) (map[int64][]claims.Claim, error) {
	out := map[int64][]claims.Claim{}
	if len(sourceIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Claim    claimRow `gorm:"embedded"`
		SourceID int64    `gorm:"column:link_source_id"`
	}
	err := db.conn(ctx).Table("claims AS c").Select("c.*, cs.source_id AS link_source_id").
		Joins("JOIN claim_sources AS cs ON cs.claim_id = c.id").
		Where("cs.source_id IN ? AND cs.unlinked_at IS NULL", sourceIDs).Order("c.id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.SourceID] = append(out[r.SourceID], fromClaimRow(r.Claim))
	}
	return out, nil
}
