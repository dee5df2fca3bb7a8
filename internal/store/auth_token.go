package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
)

// apiTokenRow is a row of api_tokens. Hash is the SHA-256 of the token; the
// token itself is never stored.
type apiTokenRow struct {
	ID         int64 `gorm:"primaryKey"`
	Hash       string
	UserID     int64
	Name       string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

func fromAPITokenRow(r apiTokenRow) auth.Token {
	return auth.Token{
		ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: utc(r.CreatedAt),
		LastUsedAt: utcPtr(r.LastUsedAt), RevokedAt: utcPtr(r.RevokedAt),
	}
}

// CreateToken stores t under hash and sets t.ID. ENOTFOUND for an unknown
// user.
func (db *DB) CreateToken(ctx context.Context, t *auth.Token, hash string) error {
	t.CreatedAt = db.orNow(t.CreatedAt)
	r := apiTokenRow{Hash: hash, UserID: t.UserID, Name: t.Name, CreatedAt: t.CreatedAt}
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return writeErr(err, "the API token")
	}
	t.ID = r.ID
	return nil
}

// TokenByID returns the API token with the given id. ENOTFOUND.
func (db *DB) TokenByID(ctx context.Context, id int64) (*auth.Token, error) {
	return db.token(ctx, "id = ?", id)
}

// TokenByHash returns the API token stored under hash. ENOTFOUND.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*auth.Token, error) {
	return db.token(ctx, "hash = ?", hash)
}

func (db *DB) token(ctx context.Context, where string, arg any) (*auth.Token, error) {
	return takeRow(db.conn(ctx).Where(where, arg), fromAPITokenRow, "API token not found")
}

// ListTokens returns a user's API tokens, newest first, revoked included.
func (db *DB) ListTokens(ctx context.Context, userID int64) ([]auth.Token, error) {
	return findRows(db.conn(ctx).Where("user_id = ?", userID).Order("id DESC"), fromAPITokenRow)
}

// RevokeToken revokes an API token unless it is revoked already, keeping
// the first revocation time. ENOTFOUND.
func (db *DB) RevokeToken(ctx context.Context, id int64, at time.Time) error {
	res := db.conn(ctx).Model(&apiTokenRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", utc(at))
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		if _, err := db.TokenByID(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// RevokeUserTokens revokes every API token of a user.
func (db *DB) RevokeUserTokens(ctx context.Context, userID int64, at time.Time) error {
	return db.conn(ctx).Model(&apiTokenRow{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", utc(at)).Error
}

// TouchToken records when an API token was last used. ENOTFOUND.
func (db *DB) TouchToken(ctx context.Context, id int64, at time.Time) error {
	res := db.conn(ctx).Model(&apiTokenRow{}).Where("id = ?", id).Update("last_used_at", utc(at))
	return changed(res, "API token %d not found", id)
}
