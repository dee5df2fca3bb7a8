package store

import (
	"context"
	"time"
)

// setupTokenRow is a row of setup_tokens. Hash is the SHA-256 of the token.
type setupTokenRow struct {
	ID        int64 `gorm:"primaryKey"`
	Hash      string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt time.Time
}

func (setupTokenRow) TableName() string { return "setup_tokens" }

// CreateSetupToken stores the hash of a one-time setup token.
func (db *DB) CreateSetupToken(ctx context.Context, hash string, createdAt, expiresAt time.Time) error {
	r := setupTokenRow{Hash: hash, CreatedAt: utc(createdAt), ExpiresAt: utc(expiresAt)}
	return writeErr(db.conn(ctx).Create(&r).Error, "the setup token")
}

// ConsumeSetupToken deletes the unexpired setup token stored under hash and
// then every other setup token. ENOTFOUND when there was no such token.
// Deleting (rather than reading) first makes a second, simultaneous consumer
// wait on the same row and then find it gone.
func (db *DB) ConsumeSetupToken(ctx context.Context, hash string, now time.Time) error {
	res := db.conn(ctx).Where("hash = ? AND expires_at > ?", hash, utc(now)).Delete(&setupTokenRow{})
	if err := changed(res, "no such setup token"); err != nil {
		return err
	}
	return db.conn(ctx).Where("1 = 1").Delete(&setupTokenRow{}).Error
}
