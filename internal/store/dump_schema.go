package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Column kinds of a dump: how a value is written, whichever database it
// came from. A column of any other type stops a dump rather than being
// written in a form the other database could misread.
const (
	kindInt   = "int"
	kindBool  = "bool"
	kindText  = "text"
	kindTime  = "time"
	kindBytes = "bytes"
	kindReal  = "real"
)

// versionTable is goose's record of applied migrations: the dump header
// carries the version instead, and the target's own migrations fill it.
const versionTable = "goose_db_version"

// querier is what schema reading and dumping need of a transaction or
// connection.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type dumpColumn struct {
	name     string
	kind     string
	nullable bool
}

// dumpTable is one table as the database itself describes it.
type dumpTable struct {
	name    string
	columns []dumpColumn // by name, so both dialects list them alike; generated columns left out
	pk      []string
	// idColumn is the column the database numbers itself (AUTOINCREMENT,
	// identity or serial); "" when none.
	idColumn string
	// sqliteSeq is set when SQLite keeps idColumn's high-water mark in
	// sqlite_sequence (AUTOINCREMENT), so ids are never reused.
	sqliteSeq bool
	refs      []string // tables its foreign keys point to
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// schemaTables reads every table of the database (goose's table excepted)
// in an order where each comes after the tables it refers to. It fails on a
// table or column it cannot dump faithfully.
func (db *DB) schemaTables(ctx context.Context, q querier) ([]dumpTable, error) {
	var tables []dumpTable
	var err error
	if db.dialect == DialectPostgres {
		tables, err = postgresTables(ctx, q)
	} else {
		tables, err = sqliteTables(ctx, q)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read the schema: %w", err)
	}
	return dependencyOrder(tables)
}

func sqliteTables(ctx context.Context, q querier) ([]dumpTable, error) {
	type entry struct{ name, sql string }
	var entries []entry
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		var e entry
		if err := rows.Scan(&e.name, &e.sql); err != nil {
			return err
		}
		entries = append(entries, e)
		return nil
	}, "SELECT name, COALESCE(sql, '') FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? ORDER BY name", versionTable)
	if err != nil {
		return nil, err
	}
	// Full-text indexes (FTS4 tables and the shadow tables SQLite keeps
	// for them) are derived data: the dump leaves them out and the
	// target's triggers build them again as the rows go in.
	derived := map[string]bool{}
	for _, e := range entries {
		if isFTSTable(e.sql) {
			derived[e.name] = true
		}
	}
	var tables []dumpTable
	for _, e := range entries {
		if derived[e.name] || isFTSShadow(e.name, derived) {
			continue
		}
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(e.sql)), "CREATE VIRTUAL") {
			return nil, fmt.Errorf("table %s is a virtual table, which a dump cannot carry", e.name)
		}
		t := dumpTable{name: e.name}
		var intPK []string
		err := eachRow(ctx, q, func(rows *sql.Rows) error {
			var cid, notNull, pk, hidden int
			var name, typ string
			var dflt sql.NullString
			if err := rows.Scan(&cid, &name, &typ, &notNull, &dflt, &pk, &hidden); err != nil {
				return err
			}
			switch hidden {
			case 2, 3: // generated: the database computes it again
				return nil
			case 1:
				return fmt.Errorf("table %s: hidden column %s", e.name, name)
			}
			kind, err := sqliteKind(typ)
			if err != nil {
				return fmt.Errorf("table %s column %s: %w", e.name, name, err)
			}
			t.columns = append(t.columns, dumpColumn{name: name, kind: kind, nullable: notNull == 0 && pk == 0})
			if pk > 0 {
				t.pk = append(t.pk, name) // sorted by pk position below
				if strings.EqualFold(typ, "INTEGER") {
					intPK = append(intPK, name)
				}
			}
			return nil
		}, "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY pk, cid", e.name)
		if err != nil {
			return nil, err
		}
		// Only a lone INTEGER PRIMARY KEY is the rowid that SQLite numbers,
		// and only AUTOINCREMENT makes it a counter that never goes back
		// (the other kind is a plain key, such as a foreign key used as one).
		if len(t.pk) == 1 && len(intPK) == 1 && strings.Contains(strings.ToUpper(e.sql), "AUTOINCREMENT") {
			t.idColumn = intPK[0]
			t.sqliteSeq = true
		}
		t.refs, err = textColumn(ctx, q, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)", e.name)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// sqliteKind follows SQLite's own affinity rules on the declared type, with
// BOOLEAN and TIMESTAMP as claimtrack declares them.
func sqliteKind(decl string) (string, error) {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return kindInt, nil
	case strings.Contains(d, "BOOL"):
		return kindBool, nil
	case strings.Contains(d, "TIMESTAMP"), strings.Contains(d, "DATETIME"):
		return kindTime, nil
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return kindText, nil
	case strings.Contains(d, "BLOB"):
		return kindBytes, nil
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return kindReal, nil
	}
	return "", fmt.Errorf("type %q is not one a dump can carry (integer, boolean, timestamp, text, blob or real)", decl)
}

func postgresTables(ctx context.Context, q querier) ([]dumpTable, error) {
	var names []string
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			return err
		}
		if kind != "BASE TABLE" {
			return fmt.Errorf("%s is a %s, which a dump cannot carry", name, strings.ToLower(kind))
		}
		names = append(names, name)
		return nil
	}, `SELECT table_name, table_type FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type <> 'VIEW' AND table_name <> $1 ORDER BY table_name`, versionTable)
	if err != nil {
		return nil, err
	}
	var tables []dumpTable
	for _, name := range names {
		t := dumpTable{name: name}
		err := eachRow(ctx, q, func(rows *sql.Rows) error {
			var col, typ, nullable, generated, identity, dflt string
			if err := rows.Scan(&col, &typ, &nullable, &generated, &identity, &dflt); err != nil {
				return err
			}
			if generated == "ALWAYS" {
				return nil
			}
			kind, err := postgresKind(typ)
			if err != nil {
				return fmt.Errorf("table %s column %s: %w", name, col, err)
			}
			t.columns = append(t.columns, dumpColumn{name: col, kind: kind, nullable: nullable == "YES"})
			if identity == "YES" || strings.HasPrefix(dflt, "nextval(") {
				if t.idColumn != "" {
					return fmt.Errorf("table %s numbers two columns itself (%s, %s)", name, t.idColumn, col)
				}
				t.idColumn = col
			}
			return nil
		}, `SELECT column_name, data_type, is_nullable, COALESCE(is_generated, 'NEVER'), COALESCE(is_identity, 'NO'), COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, name)
		if err != nil {
			return nil, err
		}
		t.pk, err = textColumn(ctx, q, `SELECT k.column_name FROM information_schema.table_constraints c
			JOIN information_schema.key_column_usage k
			  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
			WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() AND c.table_name = $1
			ORDER BY k.ordinal_position`, name)
		if err != nil {
			return nil, err
		}
		t.refs, err = textColumn(ctx, q, `SELECT DISTINCT r.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
			WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1))`, name)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

func postgresKind(typ string) (string, error) {
	switch typ {
	case "bigint", "integer", "smallint":
		return kindInt, nil
	case "boolean":
		return kindBool, nil
	case "timestamp with time zone", "timestamp without time zone":
		return kindTime, nil
	case "text", "character varying", "character", "json":
		return kindText, nil
	case "bytea":
		return kindBytes, nil
	case "double precision", "real":
		return kindReal, nil
	case "jsonb":
		return "", fmt.Errorf("jsonb reorders keys, so a dump could not give back the stored JSON; keep JSON in a text column")
	}
	return "", fmt.Errorf("type %q is not one a dump can carry (integer, boolean, timestamp, text, bytea or double)", typ)
}

// dependencyOrder sorts tables so that each follows the tables its foreign
// keys refer to, by name where the order is free; columns are sorted by
// name, so both dialects describe a table alike.
func dependencyOrder(tables []dumpTable) ([]dumpTable, error) {
	byName := map[string]*dumpTable{}
	for i := range tables {
		t := &tables[i]
		slices.SortFunc(t.columns, func(a, b dumpColumn) int { return strings.Compare(a.name, b.name) })
		byName[t.name] = t
	}
	var out []dumpTable
	done := map[string]bool{}
	for len(out) < len(tables) {
		progressed := false
		for _, t := range tables { // tables are sorted by name
			if done[t.name] {
				continue
			}
			ready := true
			for _, ref := range t.refs {
				if _, known := byName[ref]; ref != t.name && known && !done[ref] {
					ready = false
				}
			}
			if ready {
				out = append(out, t)
				done[t.name] = true
				progressed = true
				break // restart from the first name, for a stable order
			}
		}
		if !progressed {
			return nil, fmt.Errorf("store: the tables' foreign keys form a cycle, which a dump cannot order")
		}
	}
	return out, nil
}

// eachRow runs query and calls fn for every row.
// textColumn runs a query of one text column and returns its values.
func textColumn(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	var out []string
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		var v string
		if err := rows.Scan(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, query, args...)
	return out, err
}

func eachRow(ctx context.Context, q querier, fn func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// isFTSTable reports whether a table's SQL creates a full-text index.
func isFTSTable(sql string) bool {
	u := strings.ToUpper(strings.Join(strings.Fields(sql), " "))
	return strings.HasPrefix(u, "CREATE VIRTUAL TABLE") && strings.Contains(u, " USING FTS")
}

// isFTSShadow reports whether name is one of the tables SQLite keeps for a
// full-text index (claims_fts_content, claims_fts_segdir, ...).
func isFTSShadow(name string, fts map[string]bool) bool {
	for vt := range fts {
		switch strings.TrimPrefix(name, vt+"_") {
		case "content", "segments", "segdir", "docsize", "stat", "data", "idx", "config":
			return strings.HasPrefix(name, vt+"_")
		}
	}
	return false
}
