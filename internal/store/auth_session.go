package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
)

// sessionRow is a row of sessions. IDHash is the SHA-256 of the cookie's
// secret; the secret itself is never stored.
type sessionRow struct {
	ID        int64 `gorm:"primaryKey"`
	IDHash    string
	UserID    int64
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt time.Time
	EndedAt   *time.Time
	// NULL only in rows written before migration 00015 filled them in.
	LastSeenAt *time.Time
	VerifiedAt *time.Time
}

func (sessionRow) TableName() string { return "sessions" }

func fromSessionRow(r sessionRow) auth.Session {
	return auth.Session{
		ID: r.ID, UserID: r.UserID, CreatedAt: utc(r.CreatedAt), ExpiresAt: utc(r.ExpiresAt), EndedAt: utcPtr(r.EndedAt),
		LastSeenAt: utc(deref(r.LastSeenAt)), VerifiedAt: utc(deref(r.VerifiedAt)),
	}
}

// CreateSession stores s under tokenHash and sets s.ID. ENOTFOUND for an
// unknown user.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session, tokenHash string) error {
	s.CreatedAt = db.orNow(s.CreatedAt)
	s.ExpiresAt = utc(s.ExpiresAt)
	seen, verified := s.CreatedAt, s.CreatedAt
	if !s.LastSeenAt.IsZero() {
		seen = utc(s.LastSeenAt)
	}
	if !s.VerifiedAt.IsZero() {
		verified = utc(s.VerifiedAt)
	}
	r := sessionRow{IDHash: tokenHash, UserID: s.UserID, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt, EndedAt: utcPtr(s.EndedAt),
		LastSeenAt: &seen, VerifiedAt: &verified}
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return writeErr(err, "the session")
	}
	s.ID = r.ID
	return nil
}

// SessionByHash returns the session stored under tokenHash. ENOTFOUND.
func (db *DB) SessionByHash(ctx context.Context, tokenHash string) (*auth.Session, error) {
	return takeRow(db.conn(ctx).Where("id_hash = ?", tokenHash), fromSessionRow, "no such session")
}

// TouchSession records that a session was used at at.
func (db *DB) TouchSession(ctx context.Context, id int64, at time.Time) error {
	return db.conn(ctx).Model(&sessionRow{}).Where("id = ?", id).Update("last_seen_at", utc(at)).Error
}

// VerifySession records that the session's user typed their password at
// at.
func (db *DB) VerifySession(ctx context.Context, id int64, at time.Time) error {
	return db.conn(ctx).Model(&sessionRow{}).Where("id = ?", id).Updates(map[string]any{"verified_at": utc(at), "last_seen_at": utc(at)}).Error
}

// EndSession ends a session unless it has ended already.
func (db *DB) EndSession(ctx context.Context, id int64, at time.Time) error {
	return db.conn(ctx).Model(&sessionRow{}).Where("id = ? AND ended_at IS NULL", id).Update("ended_at", utc(at)).Error
}

// EndUserSessions ends every open session of a user but exceptID (0 ends
// them all).
func (db *DB) EndUserSessions(ctx context.Context, userID, exceptID int64, at time.Time) error {
	return db.conn(ctx).Model(&sessionRow{}).
		Where("user_id = ? AND id <> ? AND ended_at IS NULL", userID, exceptID).
		Update("ended_at", utc(at)).Error
}
