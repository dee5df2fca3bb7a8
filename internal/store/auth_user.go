package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
)

var _ auth.Store = (*DB)(nil)

// userRow is a row of users: the user's fields are its columns, with the
// password hash, which lives here and never in auth.User.
type userRow struct {
	auth.User
	PasswordHash string
}

func (userRow) TableName() string { return "users" }

func fromUserRow(r userRow) auth.User {
	u := r.User
	u.CreatedAt, u.UpdatedAt = utc(u.CreatedAt), utc(u.UpdatedAt)
	return u
}

// CreateUser stores u with its password hash and sets u.ID and, when zero,
// its timestamps. ECONFLICT when the email is taken.
func (db *DB) CreateUser(ctx context.Context, u *auth.User, passwordHash string) error {
	u.CreatedAt = db.orNow(u.CreatedAt)
	u.UpdatedAt = db.orNow(u.UpdatedAt)
	r := userRow{User: *u, PasswordHash: passwordHash}
	r.ID = 0
	// DO NOTHING rather than a failed INSERT: on PostgreSQL a failed
	// statement would abort the caller's whole transaction.
	res := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
	if err := writeErr(res.Error, "a user with email "+u.Email); err != nil {
		return err
	}
	if res.RowsAffected == 0 {
		return &claims.Error{
			Code:    claims.ECONFLICT,
			Message: "a user with email " + u.Email + " already exists",
			Fields:  map[string]string{"email": "already in use"},
		}
	}
	u.ID = r.ID
	return nil
}

// UserByID returns the user with the given id. ENOTFOUND.
func (db *DB) UserByID(ctx context.Context, id int64) (*auth.User, error) {
	return takeRow(db.conn(ctx).Where("id = ?", id), fromUserRow, "user %d not found", id)
}

// UserByEmail returns the user with the given normalised email. ENOTFOUND.
func (db *DB) UserByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, _, err := db.UserCredentials(ctx, email)
	return u, err
}

// UserCredentials returns the user with the given normalised email and
// their password hash. ENOTFOUND.
func (db *DB) UserCredentials(ctx context.Context, email string) (*auth.User, string, error) {
	var r userRow
	if err := db.conn(ctx).Where("email = ?", email).Take(&r).Error; err != nil {
		return nil, "", notFound(err, "no user with email %s", email)
	}
	u := fromUserRow(r)
	return &u, r.PasswordHash, nil
}

// ListUsers returns every user, by email.
func (db *DB) ListUsers(ctx context.Context) ([]auth.User, error) {
	return findRows(db.conn(ctx).Order("email"), fromUserRow)
}

// CountUsers returns how many users exist, disabled ones included.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int64
	if err := db.conn(ctx).Model(&userRow{}).Count(&n).Error; err != nil {
		return 0, err
	}
	return int(n), nil
}

// SetUserDisabled disables or re-enables a user. ENOTFOUND.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool, at time.Time) error {
	return db.updateUser(ctx, id, map[string]any{"disabled": disabled, "updated_at": utc(at)})
}

// SetPasswordHash replaces a user's password hash. ENOTFOUND.
func (db *DB) SetPasswordHash(ctx context.Context, id int64, hash string, at time.Time) error {
	return db.updateUser(ctx, id, map[string]any{"password_hash": hash, "updated_at": utc(at)})
}

func (db *DB) updateUser(ctx context.Context, id int64, fields map[string]any) error {
	res := db.conn(ctx).Model(&userRow{}).Where("id = ?", id).Updates(fields)
	return changed(res, "user %d not found", id)
}
