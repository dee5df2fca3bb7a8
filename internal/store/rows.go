package store

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// A row type embeds its domain type when the type's fields are the table's
// columns, so that the columns are listed once; it adds only what is stored
// otherwise (an event's payload as text, a user's password hash). gorm then
// treats CreatedAt and UpdatedAt as automatic timestamps, which it fills,
// when zero, from the store's clock (NowFunc) exactly as orNow does.

// findRows runs q, which selects rows of R, and converts each to the domain
// type with from.
func findRows[R, T any](q *gorm.DB, from func(R) T) ([]T, error) {
	var rows []R
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	return mapRows(rows, from), nil
}

// mapRows converts rows to the domain type with from.
func mapRows[R, T any](rows []R, from func(R) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = from(r)
	}
	return out
}

// takeRow runs q for one row of R and converts it with from; no row is
// ENOTFOUND with the message format and args give.
func takeRow[R, T any](q *gorm.DB, from func(R) T, format string, args ...any) (*T, error) {
	var r R
	if err := q.Take(&r).Error; err != nil {
		return nil, notFound(err, format, args...)
	}
	t := from(r)
	return &t, nil
}

// changed returns the error of res, an UPDATE or DELETE, or ENOTFOUND with
// the message format and args give when it changed no row.
func changed(res *gorm.DB, format string, args ...any) error {
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ENOTFOUND, format, args...)
	}
	return nil
}

// insert creates row, whose ID field is rowID, as a new row (an ID it
// carries is ignored) and copies the ID it gets to dst. A refusal is the
// write error about what (see writeErr).
func (db *DB) insert(ctx context.Context, row any, rowID, dst *int64, what string) error {
	*rowID = 0
	if err := db.conn(ctx).Create(row).Error; err != nil {
		return writeErr(err, what)
	}
	*dst = *rowID
	return nil
}

// insertUnique is insert for a row a unique index may refuse: the refusal
// is ECONFLICT saying conflict. It is an INSERT … ON CONFLICT DO NOTHING
// rather than a failed INSERT, because on PostgreSQL a failed statement
// would abort the caller's whole transaction.
func (db *DB) insertUnique(ctx context.Context, row any, rowID, dst *int64, what, conflict string) error {
	*rowID = 0
	res := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(row)
	if err := writeErr(res.Error, what); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ECONFLICT, "%s", conflict)
	}
	*dst = *rowID
	return nil
}
