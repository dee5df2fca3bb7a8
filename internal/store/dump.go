package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"
)

// A dump is JSON Lines: a header object; per table an object naming it,
// its columns and kinds, its row count and its id high-water mark, then one
// JSON array per row; and an end object with the totals, without which a
// restore takes the file as cut short. Values are written by kind, not by
// database: integers and booleans as JSON, times as RFC 3339 UTC text with
// microseconds, bytes as base64, text as it is stored (JSON payloads are
// TEXT columns, so their bytes and key order survive). A dump of the same
// data is the same file from either database.
const dumpFormat = "claimtrack-dump"

// DumpVersion is the version of the dump format this binary writes and
// reads; a change that older binaries would misread takes the next one.
const DumpVersion = 1

type dumpHeader struct {
	Format        string `json:"format"`
	Version       int    `json:"version"`
	SchemaVersion int64  `json:"schema_version"`
}

type dumpTableHeader struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
	Kinds   []string `json:"kinds"`
	Rows    int64    `json:"rows"`
	// LastID is the highest id the database has handed out for the table
	// (deleted rows included), so that a restored database never hands out
	// an id an old link or mail still points to.
	LastID *int64 `json:"last_id,omitempty"`
}

type dumpEnd struct {
	End    bool  `json:"end"`
	Tables int   `json:"tables"`
	Rows   int64 `json:"rows"`
}

// DumpStats counts what a dump or restore moved.
type DumpStats struct {
	Tables int
	Rows   int64
}

// DumpOptions tunes Dump and Restore. The zero value reports no progress.
type DumpOptions struct {
	// Progress receives a line per table and, within a large table, one
	// every ProgressRows rows or ProgressEvery, whichever comes first.
	Progress      io.Writer
	ProgressRows  int64         // default 10,000
	ProgressEvery time.Duration // default 2 s
}

// Dump writes the whole database, every table but goose's, to w from one
// consistent snapshot; writers go on meanwhile. It fails, naming the table
// and column, on a column type a dump cannot carry rather than leaving
// anything out.
func (db *DB) Dump(ctx context.Context, w io.Writer, opts DumpOptions) (DumpStats, error) {
	current, _, err := db.MigrationStatus(ctx)
	if err != nil {
		return DumpStats{}, err
	}
	q, done, err := db.snapshot(ctx)
	if err != nil {
		return DumpStats{}, fmt.Errorf("store: dump: %w", err)
	}
	defer done()
	tables, err := db.schemaTables(ctx, q)
	if err != nil {
		return DumpStats{}, err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dumpHeader{Format: dumpFormat, Version: DumpVersion, SchemaVersion: current}); err != nil {
		return DumpStats{}, fmt.Errorf("store: dump: %w", err)
	}
	prog := newProgress("dump", opts)
	var stats DumpStats
	for _, t := range tables {
		n, err := db.dumpTable(ctx, q, enc, t, prog)
		if err != nil {
			return stats, fmt.Errorf("store: dump table %s: %w", t.name, err)
		}
		stats.Tables++
		stats.Rows += n
	}
	if err := enc.Encode(dumpEnd{End: true, Tables: stats.Tables, Rows: stats.Rows}); err != nil {
		return stats, fmt.Errorf("store: dump: %w", err)
	}
	prog.finish(stats)
	return stats, nil
}

// snapshot opens a read-only view of the database as it is now that does
// not hold writers up. On SQLite a deferred BEGIN on a connection of its
// own (the pool's BEGIN IMMEDIATE would take the write lock); in WAL mode
// its first read fixes the snapshot.
func (db *DB) snapshot(ctx context.Context) (q querier, done func(), err error) {
	if db.dialect == DialectPostgres {
		tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return nil, nil, err
		}
		return tx, func() { _ = tx.Rollback() }, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		_ = conn.Close()
		return nil, nil, err
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		_ = conn.Close()
		return nil, nil, err
	}
	return conn, func() {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		_ = conn.Close()
	}, nil
}

func (db *DB) dumpTable(ctx context.Context, q querier, enc *json.Encoder, t dumpTable, prog *progress) (int64, error) {
	h := dumpTableHeader{Table: t.name}
	for _, c := range t.columns {
		h.Columns = append(h.Columns, c.name)
		h.Kinds = append(h.Kinds, c.kind)
	}
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(t.name)).Scan(&h.Rows); err != nil {
		return 0, err
	}
	if t.idColumn != "" {
		last, err := db.lastID(ctx, q, t)
		if err != nil {
			return 0, err
		}
		h.LastID = &last
	}
	if err := enc.Encode(h); err != nil {
		return 0, err
	}

	rows, err := q.QueryContext(ctx, db.selectAll(t))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	raw := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	out := make([]any, len(t.columns))
	var n int64
	prog.start(t.name, h.Rows)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range t.columns {
			if out[i], err = dumpValue(c.kind, raw[i]); err != nil {
				return n, fmt.Errorf("row %d, column %s: %w", n+1, c.name, err)
			}
		}
		if err := enc.Encode(out); err != nil {
			return n, err
		}
		n++
		prog.row()
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if n != h.Rows {
		return n, fmt.Errorf("read %d rows after counting %d in the same snapshot", n, h.Rows)
	}
	prog.tableDone()
	return n, nil
}

// selectAll reads a table in primary-key order (every column's order when
// it has none), comparing text byte by byte as SQLite does, so both
// databases list the rows alike. SQLite times are read as the stored text:
// the driver would turn text it cannot parse into a zero time unnoticed.
func (db *DB) selectAll(t dumpTable) string {
	cols := make([]string, len(t.columns))
	kinds := map[string]string{}
	for i, c := range t.columns {
		kinds[c.name] = c.kind
		cols[i] = quoteIdent(c.name)
		if db.dialect == DialectSQLite && c.kind == kindTime {
			cols[i] = "CAST(" + quoteIdent(c.name) + " AS TEXT)"
		}
	}
	order := t.pk
	if len(order) == 0 {
		for _, c := range t.columns {
			order = append(order, c.name)
		}
	}
	keys := make([]string, len(order))
	for i, name := range order {
		keys[i] = quoteIdent(name)
		if db.dialect == DialectPostgres && kinds[name] == kindText {
			keys[i] += ` COLLATE "C"`
		}
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM " + quoteIdent(t.name) + " ORDER BY " + strings.Join(keys, ", ")
}

// lastID returns the highest id the table has handed out: SQLite's
// AUTOINCREMENT record or PostgreSQL's sequence, and at least the highest
// id present.
func (db *DB) lastID(ctx context.Context, q querier, t dumpTable) (int64, error) {
	var maxID sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT MAX("+quoteIdent(t.idColumn)+") FROM "+quoteIdent(t.name)).Scan(&maxID); err != nil {
		return 0, err
	}
	var seq sql.NullInt64
	var err error
	switch {
	case db.dialect == DialectPostgres:
		var seqName sql.NullString
		err = q.QueryRowContext(ctx, "SELECT pg_get_serial_sequence(quote_ident($1), $2)", t.name, t.idColumn).Scan(&seqName)
		if err == nil && seqName.Valid {
			// last_value counts only once nextval has been called.
			err = q.QueryRowContext(ctx, "SELECT CASE WHEN is_called THEN last_value END FROM "+seqName.String).Scan(&seq)
		}
	case t.sqliteSeq:
		err = q.QueryRowContext(ctx, "SELECT MAX(seq) FROM sqlite_sequence WHERE name = ?", t.name).Scan(&seq)
	}
	if err != nil {
		return 0, err
	}
	return max(maxID.Int64, seq.Int64), nil
}

// dumpValue turns what the driver read into the dump's form for kind.
func dumpValue(kind string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case kindInt:
		if i, ok := v.(int64); ok {
			return i, nil
		}
	case kindBool:
		switch b := v.(type) {
		case bool:
			return b, nil
		case int64:
			if b == 0 || b == 1 {
				return b == 1, nil
			}
		}
	case kindText:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		default:
			return nil, fmt.Errorf("want text, read %T", v)
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("text is not valid UTF-8")
		}
		return s, nil
	case kindTime:
		switch x := v.(type) {
		case time.Time:
			return formatTime(x), nil
		case string:
			t, err := parseSQLiteTime(x)
			if err != nil {
				return nil, err
			}
			return formatTime(t), nil
		}
	case kindBytes:
		switch x := v.(type) {
		case []byte:
			return base64.StdEncoding.EncodeToString(x), nil
		case string:
			return base64.StdEncoding.EncodeToString([]byte(x)), nil
		}
	case kindReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	}
	return nil, fmt.Errorf("want %s, read %T %v", kind, v, v)
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

// parseSQLiteTime reads a timestamp as stored by mattn/go-sqlite3, in UTC
// unless it names its zone.
func parseSQLiteTime(s string) (time.Time, error) {
	trimmed := strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, trimmed, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp", s)
}

// progress writes "dump: claims 10000/52000 rows" lines.
type progress struct {
	verb      string
	w         io.Writer
	everyRows int64
	every     time.Duration

	table      string
	total, n   int64
	lastRows   int64
	lastReport time.Time
}

func newProgress(verb string, opts DumpOptions) *progress {
	p := &progress{verb: verb, w: opts.Progress, everyRows: opts.ProgressRows, every: opts.ProgressEvery}
	if p.everyRows <= 0 {
		p.everyRows = 10000
	}
	if p.every <= 0 {
		p.every = 2 * time.Second
	}
	return p
}

func (p *progress) start(table string, total int64) {
	p.table, p.total, p.n, p.lastRows, p.lastReport = table, total, 0, 0, time.Now()
}

func (p *progress) row() {
	p.n++
	if p.w == nil {
		return
	}
	if p.n-p.lastRows >= p.everyRows || time.Since(p.lastReport) >= p.every {
		fmt.Fprintf(p.w, "%s: %s %d/%d rows\n", p.verb, p.table, p.n, p.total)
		p.lastRows, p.lastReport = p.n, time.Now()
	}
}

func (p *progress) tableDone() {
	if p.w != nil {
		fmt.Fprintf(p.w, "%s: %s done, %d rows\n", p.verb, p.table, p.n)
	}
}

func (p *progress) finish(s DumpStats) {
	if p.w != nil {
		fmt.Fprintf(p.w, "%s: finished, %d tables, %d rows\n", p.verb, s.Tables, s.Rows)
	}
}
