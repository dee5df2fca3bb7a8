package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
)

// loginAttemptRow is a row of login_attempts.
type loginAttemptRow struct {
	ID      int64 `gorm:"primaryKey"`
	Kind    string
	KeyHash string
	At      time.Time
	Success bool
}

func (loginAttemptRow) TableName() string { return "login_attempts" }

// AddLoginAttempt stores a, sets a.ID and returns how many failed attempts
// of its kind and key, a included, were made after since, and when the
// latest of those before a was made (zero when none was). On PostgreSQL a
// transaction-scoped advisory lock on the kind and key serialises attempts
// of one key, so that each counts every one committed before it; on SQLite
// the immediate write transaction does the same for the whole database.
func (db *DB) AddLoginAttempt(ctx context.Context, a *auth.LoginAttempt, since time.Time) (int, time.Time, error) {
	a.At = db.orNow(a.At)
	var n int64
	var last time.Time
	err := db.Tx(ctx, func(ctx context.Context) error {
		if db.dialect == DialectPostgres {
			if err := db.conn(ctx).Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "login:"+a.Kind+":"+a.Key).Error; err != nil {
				return err
			}
		}
		r := loginAttemptRow{Kind: a.Kind, KeyHash: a.Key, At: a.At, Success: a.Success}
		if err := db.conn(ctx).Create(&r).Error; err != nil {
			return err
		}
		a.ID = r.ID
		err := db.conn(ctx).Model(&loginAttemptRow{}).
			Where("kind = ? AND key_hash = ? AND at > ? AND id <= ? AND NOT success", a.Kind, a.Key, utc(since), a.ID).
			Count(&n).Error
		if err != nil || n < 2 {
			return err
		}
		var prev loginAttemptRow
		err = db.conn(ctx).Where("kind = ? AND key_hash = ? AND at > ? AND id < ? AND NOT success", a.Kind, a.Key, utc(since), a.ID).
			Order("id DESC").Limit(1).Take(&prev).Error
		last = prev.At.UTC()
		return err
	})
	return int(n), last, err
}

// MarkLoginSucceeded marks attempts as successful.
func (db *DB) MarkLoginSucceeded(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.conn(ctx).Model(&loginAttemptRow{}).Where("id IN ?", ids).Update("success", true).Error
}

// DeleteLoginAttempts removes attempts by id.
func (db *DB) DeleteLoginAttempts(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return db.conn(ctx).Where("id IN ?", ids).Delete(&loginAttemptRow{}).Error
}

// ClearLoginFailures removes the failed attempts of a kind and key.
func (db *DB) ClearLoginFailures(ctx context.Context, kind, key string) error {
	return db.conn(ctx).Where("kind = ? AND key_hash = ? AND NOT success", kind, key).Delete(&loginAttemptRow{}).Error
}

// ClearLoginFailuresFrom removes the failed attempts of a kind whose key
// starts with prefix (hex and dots: nothing LIKE would read as a pattern).
func (db *DB) ClearLoginFailuresFrom(ctx context.Context, kind, prefix string) error {
	return db.conn(ctx).Where("kind = ? AND key_hash LIKE ? AND NOT success", kind, prefix+"%").Delete(&loginAttemptRow{}).Error
}

// PruneLoginAttempts removes attempts made before before.
func (db *DB) PruneLoginAttempts(ctx context.Context, before time.Time) error {
	return db.conn(ctx).Where("at < ?", utc(before)).Delete(&loginAttemptRow{}).Error
}
