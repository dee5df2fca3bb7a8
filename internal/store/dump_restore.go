package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Restore loads a dump written by Dump into this database, which must be
// empty: it migrates the database to the dump's schema version, inserts
// every row with its id in one transaction, sets the id counters so new
// rows never take an id the source had handed out, then applies the
// migrations that are newer than the dump. A bad or cut-short dump changes
// nothing.
//
// Errors: EINVALID for a dump that is not one, is cut short, comes from a
// newer schema than this binary knows or does not match the schema;
// ECONFLICT when the database holds data or is past the dump's schema.
func (db *DB) Restore(ctx context.Context, r io.Reader, opts DumpOptions) (DumpStats, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var h dumpHeader
	if err := dec.Decode(&h); err != nil || h.Format != dumpFormat {
		return DumpStats{}, claims.Errorf(claims.EINVALID, "not a claimtrack dump (it should start with a %q header)", dumpFormat)
	}
	if h.Version != DumpVersion {
		return DumpStats{}, claims.Errorf(claims.EINVALID, "dump format version %d; this claimtrack reads version %d", h.Version, DumpVersion)
	}
	current, latest, err := db.MigrationStatus(ctx)
	if err != nil {
		return DumpStats{}, err
	}
	if h.SchemaVersion > latest {
		return DumpStats{}, claims.Errorf(claims.EINVALID,
			"the dump comes from schema version %d, newer than this claimtrack knows (%d): restore it with a claimtrack at least as new as the one that made it", h.SchemaVersion, latest)
	}
	if current > h.SchemaVersion {
		return DumpStats{}, claims.Errorf(claims.ECONFLICT,
			"this database is at schema version %d, past the dump's %d: restore into a new, empty database (restore migrates it itself)", current, h.SchemaVersion)
	}
	if err := db.migrateTo(ctx, h.SchemaVersion); err != nil {
		return DumpStats{}, err
	}
	var stats DumpStats
	err = db.inWriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		stats, err = db.restoreRows(ctx, tx, dec, opts)
		return err
	})
	if err != nil {
		return DumpStats{}, err
	}
	if err := db.Migrate(ctx); err != nil {
		return stats, err
	}
	return stats, nil
}

// migrateTo applies the migrations up to and including version.
func (db *DB) migrateTo(ctx context.Context, version int64) error {
	if version == 0 {
		return nil
	}
	p, err := db.provider(ctx, true)
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to version %d: %w", version, err)
	}
	return nil
}

// inWriteTx runs fn in a transaction of database/sql's own, committed when
// fn returns nil. On SQLite it takes this process's write turn and, with
// _txlock=immediate, the write lock at BEGIN.
func (db *DB) inWriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	release, err := db.awaitWriteTurn(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (db *DB) restoreRows(ctx context.Context, tx *sql.Tx, dec *json.Decoder, opts DumpOptions) (DumpStats, error) {
	tables, err := db.schemaTables(ctx, tx)
	if err != nil {
		return DumpStats{}, err
	}
	target := map[string]dumpTable{}
	for _, t := range tables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM "+quoteIdent(t.name)+" LIMIT 1").Scan(&n); err == nil {
			return DumpStats{}, claims.Errorf(claims.ECONFLICT, "the database is not empty (table %s has rows): restore only into a new, empty database", t.name)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return DumpStats{}, err
		}
		target[t.name] = t
	}
	prog := newProgress("restore", opts)
	var stats DumpStats
	seen := map[string]bool{}
	for {
		var line json.RawMessage
		if err := dec.Decode(&line); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return stats, claims.Errorf(claims.EINVALID, "the dump is cut short: it ends without its closing line")
			}
			return stats, claims.Errorf(claims.EINVALID, "the dump is damaged after %d rows: %v", stats.Rows, err)
		}
		// One of a table's header and the closing line; both count "rows".
		var head struct {
			dumpTableHeader
			End    bool `json:"end"`
			Tables int  `json:"tables"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return stats, claims.Errorf(claims.EINVALID, "the dump is damaged after %d rows: want a table or the closing line, got %.80s", stats.Rows, line)
		}
		if head.End {
			if head.Tables != stats.Tables || head.Rows != stats.Rows {
				return stats, claims.Errorf(claims.EINVALID, "the dump's closing line counts %d tables and %d rows; it held %d and %d",
					head.Tables, head.Rows, stats.Tables, stats.Rows)
			}
			break
		}
		t, ok := target[head.Table]
		if !ok || seen[head.Table] {
			return stats, claims.Errorf(claims.EINVALID, "the dump has table %q, which this database lacks at its schema version (or holds it twice)", head.Table)
		}
		seen[head.Table] = true
		if err := sameColumns(t, head.dumpTableHeader); err != nil {
			return stats, err
		}
		prog.start(t.name, head.Rows)
		ins := db.newInserter(ctx, tx, t)
		for range head.Rows {
			var row []json.RawMessage
			if err := dec.Decode(&row); err != nil {
				return stats, claims.Errorf(claims.EINVALID, "table %s is cut short or damaged after %d of %d rows: %v", t.name, prog.n, head.Rows, err)
			}
			values, err := restoreValues(t, row)
			if err != nil {
				return stats, claims.Errorf(claims.EINVALID, "table %s row %d: %v", t.name, prog.n+1, err)
			}
			size := 0
			for _, v := range row {
				size += len(v)
			}
			if err := ins.add(values, size); err != nil {
				return stats, fmt.Errorf("store: restore table %s: %w", t.name, err)
			}
			prog.row()
		}
		if err := ins.flush(); err != nil {
			return stats, fmt.Errorf("store: restore table %s: %w", t.name, err)
		}
		if head.LastID != nil && t.idColumn != "" {
			if err := db.setLastID(ctx, tx, t, *head.LastID); err != nil {
				return stats, fmt.Errorf("store: restore table %s: set the id counter: %w", t.name, err)
			}
		}
		prog.tableDone()
		stats.Tables++
		stats.Rows += head.Rows
	}
	for name := range target {
		if !seen[name] {
			return stats, claims.Errorf(claims.EINVALID, "the dump lacks table %s, which this database has at the dump's schema version", name)
		}
	}
	if err := recountClaimEvents(ctx, tx, target["claims"]); err != nil {
		return stats, fmt.Errorf("store: restore: count the claims' events: %w", err)
	}
	prog.finish(stats)
	return stats, nil
}

// recountClaimEvents counts each claim's events again from the events
// restored. The claims came with their counts (migration 00020), and the
// triggers then counted every restored event on top of them. A dump from a
// schema before the counts has no such columns: the migration that adds
// them counts the events itself.
func recountClaimEvents(ctx context.Context, tx interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, t dumpTable) error {
	if !slices.ContainsFunc(t.columns, func(c dumpColumn) bool { return c.name == "public_event_count" }) {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE claims SET
		event_count = (SELECT COUNT(*) FROM events WHERE events.claim_id = claims.id),
		public_event_count = (SELECT COUNT(*) FROM events WHERE events.claim_id = claims.id AND events.public)`)
	return err
}

// sameColumns checks that a dumped table has the columns, and kinds, the
// database has.
func sameColumns(t dumpTable, h dumpTableHeader) error {
	var want, got []string
	for _, c := range t.columns {
		want = append(want, c.name+" "+c.kind)
	}
	if len(h.Columns) != len(h.Kinds) {
		return claims.Errorf(claims.EINVALID, "table %s: the dump lists %d columns and %d kinds", t.name, len(h.Columns), len(h.Kinds))
	}
	for i := range h.Columns {
		got = append(got, h.Columns[i]+" "+h.Kinds[i])
	}
	if !slices.Equal(want, got) {
		return claims.Errorf(claims.EINVALID, "table %s: the dump has columns (%s), this database (%s)", t.name, strings.Join(got, ", "), strings.Join(want, ", "))
	}
	return nil
}

// restoreValues turns one dumped row into values for the driver.
func restoreValues(t dumpTable, row []json.RawMessage) ([]any, error) {
	if len(row) != len(t.columns) {
		return nil, fmt.Errorf("%d values for %d columns", len(row), len(t.columns))
	}
	out := make([]any, len(row))
	for i, c := range t.columns {
		v, err := restoreValue(c.kind, row[i])
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.name, err)
		}
		out[i] = v
	}
	return out, nil
}

func restoreValue(kind string, raw json.RawMessage) (any, error) {
	if bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var v any
	var err error
	switch kind {
	case kindInt:
		v, err = decodeThen(raw, func(n json.Number) (any, error) { return strconv.ParseInt(string(n), 10, 64) })
	case kindReal:
		v, err = decodeThen(raw, asIs[float64])
	case kindBool:
		v, err = decodeThen(raw, asIs[bool])
	case kindText:
		v, err = decodeThen(raw, asIs[string])
	case kindTime:
		v, err = decodeThen(raw, func(s string) (any, error) {
			t, err := time.Parse(time.RFC3339Nano, s)
			return t.UTC(), err
		})
	case kindBytes:
		v, err = decodeThen(raw, func(s string) (any, error) { return base64.StdEncoding.DecodeString(s) })
	default:
		return nil, fmt.Errorf("unknown kind %q", kind)
	}
	if err != nil {
		return nil, fmt.Errorf("%.40s is not a valid %s value: %v", raw, kind, err)
	}
	return v, nil
}

// decodeThen reads raw as a T and converts it with conv.
func decodeThen[T any](raw json.RawMessage, conv func(T) (any, error)) (any, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	return conv(v)
}

func asIs[T any](v T) (any, error) { return v, nil }

// inserter writes rows in multi-row INSERTs, a batch at a time.
type inserter struct {
	ctx    context.Context
	tx     *sql.Tx
	db     *DB
	t      dumpTable
	rows   [][]any
	size   int
	perRow int
}

// Batches stay under both databases' limit on bound parameters and keep
// big rows (snapshots) from piling up in memory.
const (
	maxBatchParams = 30000
	maxBatchRows   = 500
	maxBatchBytes  = 4 << 20
)

func (db *DB) newInserter(ctx context.Context, tx *sql.Tx, t dumpTable) *inserter {
	return &inserter{ctx: ctx, tx: tx, db: db, t: t, perRow: max(1, min(maxBatchRows, maxBatchParams/max(1, len(t.columns))))}
}

func (in *inserter) add(values []any, size int) error {
	in.rows = append(in.rows, values)
	in.size += size
	if len(in.rows) >= in.perRow || in.size >= maxBatchBytes {
		return in.flush()
	}
	return nil
}

func (in *inserter) flush() error {
	if len(in.rows) == 0 {
		return nil
	}
	var b strings.Builder
	cols := make([]string, len(in.t.columns))
	for i, c := range in.t.columns {
		cols[i] = quoteIdent(c.name)
	}
	b.WriteString("INSERT INTO " + quoteIdent(in.t.name) + " (" + strings.Join(cols, ", ") + ")")
	if in.db.dialect == DialectPostgres && in.t.idColumn != "" {
		// Keeps the ids even for a GENERATED ALWAYS identity.
		b.WriteString(" OVERRIDING SYSTEM VALUE")
	}
	b.WriteString(" VALUES ")
	args := make([]any, 0, len(in.rows)*len(cols))
	for i, row := range in.rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			if in.db.dialect == DialectPostgres {
				b.WriteString("$" + strconv.Itoa(len(args)))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	_, err := in.tx.ExecContext(in.ctx, b.String(), args...)
	in.rows, in.size = in.rows[:0], 0
	return err
}

// setLastID makes the database's next id for t follow last (and every id
// present).
func (db *DB) setLastID(ctx context.Context, tx *sql.Tx, t dumpTable, last int64) error {
	switch {
	case db.dialect == DialectPostgres:
		var seq sql.NullString
		if err := tx.QueryRowContext(ctx, "SELECT pg_get_serial_sequence(quote_ident($1), $2)", t.name, t.idColumn).Scan(&seq); err != nil || !seq.Valid {
			return err
		}
		maxSQL := "SELECT GREATEST($1::bigint, COALESCE(MAX(" + quoteIdent(t.idColumn) + "), 0)) FROM " + quoteIdent(t.name)
		var v int64
		if err := tx.QueryRowContext(ctx, maxSQL, last).Scan(&v); err != nil {
			return err
		}
		// setval(seq, 1, false) hands out 1 next: nothing was used yet.
		_, err := tx.ExecContext(ctx, "SELECT setval($1::regclass, $2, $3)", seq.String, max(v, 1), v > 0)
		return err
	case t.sqliteSeq:
		// Inserting ids has moved sqlite_sequence to the highest id; a
		// higher high-water mark (deleted rows) must be set by hand.
		res, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", last, t.name, last)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 && last > 0 {
			_, err = tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)", t.name, last, t.name)
		}
		return err
	}
	return nil
}
