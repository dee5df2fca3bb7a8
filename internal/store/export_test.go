package store

import "context"

// CountRows counts the rows of table, for tests that check what a failed
// write left behind.
func CountRows(ctx context.Context, db *DB, table string) (int64, error) {
	var n int64
	err := db.conn(ctx).Table(table).Count(&n).Error
	return n, err
}
