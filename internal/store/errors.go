package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// isUnique reports whether err is a unique-constraint violation on either
// database.
func isUnique(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return errors.Is(err, gorm.ErrDuplicatedKey)
}

// isForeignKey reports whether err is a foreign-key violation: a row refers
// to one that does not exist.
func isForeignKey(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintForeignKey
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return errors.Is(err, gorm.ErrForeignKeyViolated)
}

// writeErr turns constraint violations of a write into domain errors:
// a taken unique value is ECONFLICT, a missing referenced row ENOTFOUND.
// what names the row being written, for the message.
func writeErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return claims.Errorf(claims.ECONFLICT, "%s already exists", what)
	case isForeignKey(err):
		return claims.Errorf(claims.ENOTFOUND, "%s refers to something that does not exist", what)
	}
	return err
}
