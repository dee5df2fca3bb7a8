package store

import "context"

// CountRows counts the rows of table, for tests that check what a failed
// write left behind.
func CountRows(ctx context.Context, db *DB, table string) (int64, error) {
	var n int64
	err := db.conn(ctx).Table(table).Count(&n).Error
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
