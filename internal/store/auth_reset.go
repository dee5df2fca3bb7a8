package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
)

// passwordResetRow is a row of password_resets. Hash is the SHA-256 of the
// emailed token; the token itself is never stored.
type passwordResetRow struct {
	ID        int64 `gorm:"primaryKey"`
	Hash      string
	UserID    int64
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (passwordResetRow) TableName() string { return "password_resets" }

func fromPasswordResetRow(r passwordResetRow) *auth.PasswordReset {
	return &auth.PasswordReset{
		ID: r.ID, UserID: r.UserID, CreatedAt: utc(r.CreatedAt), ExpiresAt: utc(r.ExpiresAt), UsedAt: utcPtr(r.UsedAt),
	}
}

// resetRequestRow is a row of password_reset_requests (and, through
// countRequest, of subscription_requests, which has the same columns).
type resetRequestRow struct {
	ID      int64 `gorm:"primaryKey"`
	Kind    string
	KeyHash string
	At      time.Time
}

func (resetRequestRow) TableName() string { return "password_reset_requests" }

// AddResetRequest records a reset request and returns how many of its kind
// and key, it included, were made after since (see countRequest).
func (db *DB) AddResetRequest(ctx context.Context, kind, key string, at, since time.Time) (int, error) {
	return db.countRequest(ctx, resetRequestRow{}.TableName(), kind, key, db.orNow(at), since)
}

// countRequest records a request of kind and key at at in table (a table
// of resetRequestRow's shape: password_reset_requests,
// subscription_requests) and returns how many of its kind and key, it
// included, were made after since. Serialised per table and key as
// AddLoginAttempt is: an advisory lock on PostgreSQL, the single writer on
// SQLite.
func (db *DB) countRequest(ctx context.Context, table, kind, key string, at, since time.Time) (int, error) {
	var n int64
	err := db.Tx(ctx, func(ctx context.Context) error {
		if db.dialect == DialectPostgres {
			if err := db.conn(ctx).Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", table+":"+kind+":"+key).Error; err != nil {
				return err
			}
		}
		r := resetRequestRow{Kind: kind, KeyHash: key, At: utc(at)}
		if err := db.conn(ctx).Table(table).Create(&r).Error; err != nil {
			return err
		}
		return db.conn(ctx).Table(table).
			Where("kind = ? AND key_hash = ? AND at > ? AND id <= ?", kind, key, utc(since), r.ID).
			Count(&n).Error
	})
	return int(n), err
}

// PruneResetRequests removes reset requests made before before.
func (db *DB) PruneResetRequests(ctx context.Context, before time.Time) error {
	return db.conn(ctx).Where("at < ?", utc(before)).Delete(&resetRequestRow{}).Error
}

// CreatePasswordReset stores r under hash and sets r.ID. ENOTFOUND for an
// unknown user.
func (db *DB) CreatePasswordReset(ctx context.Context, r *auth.PasswordReset, hash string) error {
	r.CreatedAt = db.orNow(r.CreatedAt)
	r.ExpiresAt = utc(r.ExpiresAt)
	row := passwordResetRow{Hash: hash, UserID: r.UserID, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, UsedAt: utcPtr(r.UsedAt)}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return writeErr(err, "the password reset")
	}
	r.ID = row.ID
	return nil
}

// PasswordResetByHash returns the reset stored under hash. ENOTFOUND.
func (db *DB) PasswordResetByHash(ctx context.Context, hash string) (*auth.PasswordReset, error) {
	var r passwordResetRow
	if err := db.conn(ctx).Where("hash = ?", hash).Take(&r).Error; err != nil {
		return nil, notFound(err, "no such password reset")
	}
	return fromPasswordResetRow(r), nil
}

// ConsumePasswordReset marks the unused, unexpired reset under hash as used
// at now, then every other unused reset of its user. ENOTFOUND when there
// was no such reset. Updating (rather than reading) first makes a second,
// simultaneous consumer wait on the same row and then find it used.
func (db *DB) ConsumePasswordReset(ctx context.Context, hash string, now time.Time) (*auth.PasswordReset, error) {
	var r *auth.PasswordReset
	err := db.Tx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Model(&passwordResetRow{}).
			Where("hash = ? AND used_at IS NULL AND expires_at > ?", hash, utc(now)).
			Update("used_at", utc(now))
		if err := changed(res, "no such password reset"); err != nil {
			return err
		}
		var err error
		if r, err = db.PasswordResetByHash(ctx, hash); err != nil {
			return err
		}
		return db.conn(ctx).Model(&passwordResetRow{}).
			Where("user_id = ? AND used_at IS NULL", r.UserID).
			Update("used_at", utc(now)).Error
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
