package auth

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/txmail"
)

// Session is a signed-in browser, kept on the server so that any instance
// can serve it and logout really ends it.
type Session struct {
	ID     int64
	UserID int64
	// Token is the secret for the cookie. Only Login sets it: the database
	// keeps its SHA-256 alone, so it can never be read back.
	Token     string
	CreatedAt time.Time
	ExpiresAt time.Time
	// EndedAt is set by logout, a password change or disabling the user.
	EndedAt *time.Time
	// LastSeenAt is when the session was last used, to within the
	// touch interval; VerifiedAt is when its user last typed their
	// password in it (at login, or to confirm an admin action). Zero
	// reads as CreatedAt.
	LastSeenAt time.Time
	VerifiedAt time.Time
}

// activeAt reports whether the session may still be used at now.
func (s *Session) activeAt(now time.Time) bool {
	return s.EndedAt == nil && now.Before(s.ExpiresAt)
}

// lastSeen is LastSeenAt, or CreatedAt when unknown.
func (s *Session) lastSeen() time.Time {
	if s.LastSeenAt.IsZero() {
		return s.CreatedAt
	}
	return s.LastSeenAt
}

// verified is VerifiedAt, or CreatedAt when unknown.
func (s *Session) verified() time.Time {
	if s.VerifiedAt.IsZero() {
		return s.CreatedAt
	}
	return s.VerifiedAt
}

// Token is an API token. The secret itself is shown once, at creation, and
// stored only as its SHA-256.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Login attempt kinds: what a throttle counts by.
const (
	// AttemptAccount counts an account's failures from every client that
	// has no device cookie for it (the ceiling with growing delays).
	AttemptAccount = "account"
	// AttemptAddress counts one client address's failures over accounts.
	AttemptAddress = "address"
	// AttemptPair counts the failures of one account from one client (its
	// device cookie, else its address): the hard limit.
	AttemptPair = "pair"
	// AttemptNotice records that an account's owner was mailed about
	// throttling, so that they are mailed once per window.
	AttemptNotice = "notice"
)

// LoginAttempt is one try to log in, counted against an account and, as a
// separate row, against a client address.
type LoginAttempt struct {
	ID   int64
	Kind string // one of the Attempt kinds
	// Key is the SHA-256 of the email or address, never the text itself:
	// people type passwords into the email field.
	Key     string
	At      time.Time
	Success bool
}

// Store is what accounts need from storage. Methods called with a context
// returned inside Tx run in that transaction. Methods that find nothing
// return ENOTFOUND; none returns a nil result with a nil error. Times are
// passed in by the service, whose clock tests control.
type Store interface {
	// Tx runs fn in one write transaction; nested calls join the outer one.
	Tx(ctx context.Context, fn func(ctx context.Context) error) error
	// QueueMail writes a reset mail's or a throttle notice's row.
	txmail.Queuer

	// CreateUser stores u with its password hash and sets u.ID; ECONFLICT
	// when the email is taken.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByID returns ENOTFOUND for an unknown id.
	UserByID(ctx context.Context, id int64) (*User, error)
	// UserByEmail looks a normalised email up; ENOTFOUND when unknown.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UserCredentials returns the user with a normalised email and their
	// password hash in one query; ENOTFOUND when unknown.
	UserCredentials(ctx context.Context, email string) (*User, string, error)
	// ListUsers returns every user, by email.
	ListUsers(ctx context.Context) ([]User, error)
	// CountUsers returns how many users exist, disabled ones included.
	CountUsers(ctx context.Context) (int, error)
	// SetUserDisabled disables or re-enables a user; ENOTFOUND when unknown.
	SetUserDisabled(ctx context.Context, id int64, disabled bool, at time.Time) error
	// SetPasswordHash replaces a user's password hash; ENOTFOUND when unknown.
	SetPasswordHash(ctx context.Context, id int64, hash string, at time.Time) error

	// CreateSession stores s under the hash of its token and sets s.ID.
	CreateSession(ctx context.Context, s *Session, tokenHash string) error
	// SessionByHash returns ENOTFOUND when no session has that hash.
	SessionByHash(ctx context.Context, tokenHash string) (*Session, error)
	// EndSession ends one session if it is not ended yet.
	EndSession(ctx context.Context, id int64, at time.Time) error
	// TouchSession records that a session was used at at.
	TouchSession(ctx context.Context, id int64, at time.Time) error
	// VerifySession records that the session's user typed their password
	// at at (which also counts as a use).
	VerifySession(ctx context.Context, id int64, at time.Time) error
	// EndUserSessions ends every open session of a user but exceptID (0
	// ends them all).
	EndUserSessions(ctx context.Context, userID, exceptID int64, at time.Time) error

	// CreateToken stores t under the hash of its secret and sets t.ID.
	CreateToken(ctx context.Context, t *Token, hash string) error
	// TokenByID returns ENOTFOUND for an unknown id.
	TokenByID(ctx context.Context, id int64) (*Token, error)
	// TokenByHash returns ENOTFOUND when no token has that hash.
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	// ListTokens returns a user's tokens, newest first, revoked included.
	ListTokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes a token if it is not revoked yet; ENOTFOUND when
	// unknown.
	RevokeToken(ctx context.Context, id int64, at time.Time) error
	// RevokeUserTokens revokes every token of a user.
	RevokeUserTokens(ctx context.Context, userID int64, at time.Time) error
	// TouchToken records that a token was used at at.
	TouchToken(ctx context.Context, id int64, at time.Time) error

	// AddLoginAttempt stores a, sets a.ID and returns how many failed
	// attempts of its kind and key, a included, were made after since, and
	// when the latest of those before a was made (zero when none was).
	// Attempts of one kind and key are serialised, so simultaneous ones (on
	// any instance) each count all those before them.
	AddLoginAttempt(ctx context.Context, a *LoginAttempt, since time.Time) (int, time.Time, error)
	// MarkLoginSucceeded marks attempts as successful.
	MarkLoginSucceeded(ctx context.Context, ids []int64) error
	// DeleteLoginAttempts removes attempts by id.
	DeleteLoginAttempts(ctx context.Context, ids []int64) error
	// ClearLoginFailures removes the failed attempts of a kind and key.
	ClearLoginFailures(ctx context.Context, kind, key string) error
	// ClearLoginFailuresFrom removes the failed attempts of a kind whose
	// key starts with prefix.
	ClearLoginFailuresFrom(ctx context.Context, kind, prefix string) error
	// PruneLoginAttempts removes attempts made before before.
	PruneLoginAttempts(ctx context.Context, before time.Time) error

	// CreateSetupToken stores the hash of a one-time setup token.
	CreateSetupToken(ctx context.Context, hash string, createdAt, expiresAt time.Time) error
	// ConsumeSetupToken deletes the setup token with that hash if it has not
	// expired at now, and every other setup token with it; ENOTFOUND when
	// there was no such token.
	ConsumeSetupToken(ctx context.Context, hash string, now time.Time) error

	// AddResetRequest records a password reset request of a kind and key at
	// at and returns how many of that kind and key, this one included, were
	// made after since; simultaneous ones count each other as in
	// AddLoginAttempt.
	AddResetRequest(ctx context.Context, kind, key string, at, since time.Time) (int, error)
	// PruneResetRequests removes reset requests made before before.
	PruneResetRequests(ctx context.Context, before time.Time) error
	// CreatePasswordReset stores r under the hash of its token and sets r.ID.
	CreatePasswordReset(ctx context.Context, r *PasswordReset, hash string) error
	// PasswordResetByHash returns ENOTFOUND when no reset has that hash.
	PasswordResetByHash(ctx context.Context, hash string) (*PasswordReset, error)
	// ConsumePasswordReset marks the unused reset with that hash, unexpired
	// at now, as used, and every other unused reset of its user with it;
	// ENOTFOUND when there was no such reset.
	ConsumePasswordReset(ctx context.Context, hash string, now time.Time) (*PasswordReset, error)
}
