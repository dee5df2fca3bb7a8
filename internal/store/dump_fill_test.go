package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// FillEveryTable writes rows rows into every table of the database, goose's
// excepted, tables that others refer to first. Row n of a table has id n
// and refers to row n of the tables it refers to; its text holds quotes,
// markup, newlines, non-ASCII and JSON with its keys out of order; its
// bytes include 0x00 and 0xff; its times carry microseconds; and the last
// row leaves every nullable column NULL where the table's checks allow.
// A table it cannot fill is an error naming it, so that a new table is
// noticed by the tests that use this.
func FillEveryTable(ctx context.Context, db *DB, rows int) error {
	tables, err := db.schemaTables(ctx, db.sql)
	if err != nil {
		return err
	}
	for _, t := range tables {
		for n := 1; n <= rows; n++ {
			if err := fillRow(ctx, db, t, n, n == rows); err != nil {
				return fmt.Errorf("fill table %s row %d: %w", t.name, n, err)
			}
		}
	}
	// A claim's event counts follow from its events (the triggers keep them
	// so, and a restore counts them again): filled at random, they would
	// not survive a round trip, nor should they.
	for _, t := range tables {
		if t.name == "claims" {
			return recountClaimEvents(ctx, db.sql, t)
		}
	}
	return nil
}

// fillRow tries the row with every nullable column set, with none set, and
// with one set at a time, which satisfies checks such as "exactly one of
// story_id and claim_id".
func fillRow(ctx context.Context, db *DB, t dumpTable, n int, nullsFirst bool) error {
	var nullable []int
	for i, c := range t.columns {
		if c.nullable {
			nullable = append(nullable, i)
		}
	}
	all := func(int) bool { return true }
	none := func(int) bool { return false }
	variants := []func(int) bool{all, none}
	if nullsFirst {
		variants = []func(int) bool{none, all}
	}
	for _, keep := range nullable {
		variants = append(variants, func(i int) bool { return i == keep })
	}
	var firstErr error
	for _, setNullable := range variants {
		cols := make([]string, len(t.columns))
		marks := make([]string, len(t.columns))
		args := make([]any, len(t.columns))
		for i, c := range t.columns {
			cols[i] = quoteIdent(c.name)
			marks[i] = "?"
			if db.dialect == DialectPostgres {
				marks[i] = fmt.Sprintf("$%d", i+1)
			}
			if !c.nullable || setNullable(i) {
				args[i] = fillValue(t.name, c, n)
			}
		}
		query := "INSERT INTO " + quoteIdent(t.name) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
		_, err := db.sql.ExecContext(ctx, query, args...)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func fillValue(table string, c dumpColumn, n int) any {
	switch c.kind {
	case kindInt:
		return int64(n)
	case kindBool:
		return n%2 == 0
	case kindTime:
		return time.Date(2026, 11, 12, 8, 30, n, 123456000, time.UTC)
	case kindBytes:
		return []byte{0x00, 0xff, byte(n), '\n', 0x1f}
	case kindReal:
		return float64(n) + 0.25
	}
	if table == "stories" && c.name == "context" {
		// The full-text indexes read a story's context as the JSON the
		// store always writes there.
		return fmt.Sprintf(`[{"question":"stories.context #%d: «quoted \"text\"» <b>&amp;</b>\n✓","answer":"a\tb"}]`, n)
	}
	return fmt.Sprintf("%s.%s #%d: «quoted \"text\"» \\ <b>&amp;</b>\n\t{\"z\":1,\"a\":[2,{\"y\":null}]} ✓", table, c.name, n)
}

// RaiseLastID makes SQLite's AUTOINCREMENT record for table say last, as if
// rows up to that id had been written and deleted.
func RaiseLastID(ctx context.Context, db *DB, table string, last int64) error {
	_, err := db.sql.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", last, table)
	return err
}

// ExecSQL runs a statement on the database, for tests that change the
// schema under the store.
func ExecSQL(ctx context.Context, db *DB, query string) error {
	_, err := db.sql.ExecContext(ctx, query)
	return err
}
