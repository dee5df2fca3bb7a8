package store

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// CountRows counts the rows of table, for tests that check what a failed
// write left behind.
func CountRows(ctx context.Context, db *DB, table string) (int64, error) {
	var n int64
	err := db.conn(ctx).Table(table).Count(&n).Error
	return n, err
}

// CountWhere counts the rows of table that where selects, for tests that
// check a stored count against the rows it counts.
func CountWhere(ctx context.Context, db *DB, table, where string) (int64, error) {
	var n int64
	err := db.conn(ctx).Table(table).Where(where).Count(&n).Error
	return n, err
}

// MigrateUpTo applies the migrations up to version alone, for tests of a
// migration over data written by the schema before it.
func MigrateUpTo(ctx context.Context, db *DB, version int64) error {
	p, err := db.provider(ctx, true)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// Exec runs a statement, for tests that write rows as an older schema did.
func Exec(ctx context.Context, db *DB, sql string, args ...any) error {
	return db.conn(ctx).Exec(sql, args...).Error
}

// TextColumns returns every text value of table's named columns, for tests
// that check what a database file holds.
func TextColumns(ctx context.Context, db *DB, table string, columns ...string) ([]string, error) {
	var out []string
	for _, c := range columns {
		var vals []string
		if err := db.conn(ctx).Table(table).Where(c+" IS NOT NULL").Pluck(c, &vals).Error; err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// PlanReads runs fn and returns the plan of every read it sent, one line a
// plan node, each prefixed with its statement. On PostgreSQL sequential
// scans are turned off while planning, so that the tables of an empty test
// database are read the way an index lets them be at scale: a sequential
// scan left in a plan means no index can answer the statement.
func PlanReads(ctx context.Context, db *DB, fn func() error) ([]string, error) {
	var plans []string
	var planErr error
	plan := func(tx *gorm.DB) {
		sql := tx.Statement.SQL.String()
		if !strings.HasPrefix(strings.TrimSpace(sql), "SELECT") {
			return
		}
		var lines []string
		err := db.gorm.Transaction(func(p *gorm.DB) error {
			if db.dialect == DialectPostgres {
				if err := p.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
					return err
				}
				return p.Raw("EXPLAIN "+sql, tx.Statement.Vars...).Pluck("QUERY PLAN", &lines).Error
			}
			var rows []struct{ Detail string }
			err := p.Raw("EXPLAIN QUERY PLAN "+sql, tx.Statement.Vars...).Scan(&rows).Error
			for _, r := range rows {
				lines = append(lines, r.Detail)
			}
			return err
		})
		if err != nil && planErr == nil {
			planErr = err
		}
		for _, l := range lines {
			plans = append(plans, sql+": "+l)
		}
	}
	name := "test:plan"
	if err := db.gorm.Callback().Query().After("gorm:query").Register(name, plan); err != nil {
		return nil, err
	}
	defer db.gorm.Callback().Query().Remove(name)
	if err := db.gorm.Callback().Row().After("gorm:row").Register(name, plan); err != nil {
		return nil, err
	}
	defer db.gorm.Callback().Row().Remove(name)
	if err := fn(); err != nil {
		return plans, err
	}
	return plans, planErr
}

// RowsRead runs fn and returns, for every read it sent, how many rows that
// read gives back, keyed by its statement: each is counted again after fn
// as SELECT COUNT(*) over the statement with its own arguments, so the
// rows a query returns to Go are measured, not guessed from its plan.
func RowsRead(ctx context.Context, db *DB, fn func() error) (map[string]int64, error) {
	type read struct {
		sql  string
		vars []any
	}
	var reads []read
	keep := func(tx *gorm.DB) {
		if sql := tx.Statement.SQL.String(); strings.HasPrefix(strings.TrimSpace(sql), "SELECT") {
			reads = append(reads, read{sql, append([]any(nil), tx.Statement.Vars...)})
		}
	}
	name := "test:rows"
	for _, err := range []error{
		db.gorm.Callback().Query().After("gorm:query").Register(name, keep),
		db.gorm.Callback().Row().After("gorm:row").Register(name, keep),
	} {
		if err != nil {
			return nil, err
		}
	}
	err := fn()
	db.gorm.Callback().Query().Remove(name)
	db.gorm.Callback().Row().Remove(name)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, r := range reads {
		var n int64
		if err := db.conn(ctx).Raw("SELECT COUNT(*) FROM ("+r.sql+") AS counted", r.vars...).Scan(&n).Error; err != nil {
			return nil, err
		}
		out[r.sql] += n
	}
	return out, nil
}
