package auth

import (
	"context"
	"github.com/claimtrack/claimtrack/internal/secret"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// Password resets by email: the limits are fixed, not Options, because
// the issue fixes them ("a single-use link that expires after an hour").
const (
	// ResetTokenTTL is how long a reset link works.
	ResetTokenTTL = time.Hour
	// ResetRequestsPerEmail is how many resets one address may ask for
	// within ResetWindow: enough for a lost mail or two, too few to flood
	// someone's inbox.
	ResetRequestsPerEmail = 5
	// ResetRequestsPerAddress is the same for one client address, which a
	// newsroom behind one NAT shares.
	ResetRequestsPerAddress = 20
	// ResetWindow is the period reset requests are counted over.
	ResetWindow = time.Hour
)

// PasswordReset is one emailed reset link, stored under the SHA-256 of its
// token only.
type PasswordReset struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is set when the link set a password, or when another link of
	// the same user did.
	UsedAt *time.Time
}

// usableAt reports whether the link may still set a password at now.
func (r *PasswordReset) usableAt(now time.Time) bool {
	return r.UsedAt == nil && now.Before(r.ExpiresAt)
}

// errResetLink is the one answer for a reset link that is unknown, used,
// expired or belongs to a disabled account. Its field lets a form tell it
// from a refused password.
func errResetLink() error {
	return claims.Invalid("token", "this link has expired or was already used")
}

// RequestPasswordReset queues a reset mail for the enabled user with that
// email and returns the user. For an unknown or disabled address it returns
// (nil, nil): the caller must answer the same either way, so the form
// cannot tell who has an account. The link itself is minted when the mail
// is sent (IssuePasswordReset), so the outbox never holds one.
//
// Requests are counted in the database per email and per client address
// (clientAddr "" counts only the email), refused ones included, so that
// hammering the form keeps it shut. Earlier links of the same user stay
// valid until they expire (a mail may arrive late, and the user may click
// any of them); setting a password with one burns them all.
//
// Errors: EINVALID (field "email"); ERATELIMITED.
func (s *Service) RequestPasswordReset(ctx context.Context, email, clientAddr string) (*User, error) {
	email = NormalizeEmail(email)
	if err := ValidateEmail(email); err != nil {
		return nil, err
	}
	now := s.Now()
	since := now.Add(-ResetWindow)
	// The address is counted first, so that a client past its limit cannot
	// keep pushing up someone else's email count.
	if clientAddr != "" {
		if err := s.countResetRequest(ctx, AttemptAddress, clientAddr, ResetRequestsPerAddress, now, since); err != nil {
			return nil, err
		}
	}
	if err := s.countResetRequest(ctx, AttemptAccount, email, ResetRequestsPerEmail, now, since); err != nil {
		return nil, err
	}
	if err := s.store.PruneResetRequests(ctx, since); err != nil {
		return nil, err
	}

	u, err := s.store.UserByEmail(ctx, email)
	if claims.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, nil
	}
	if err := s.store.QueueMail(ctx, &txmail.Mail{Kind: txmail.KindReset, UserID: u.ID, CreatedAt: now}); err != nil {
		return nil, err
	}
	return u, nil
}

// IssuePasswordReset mints the reset link of a mail being sent for a
// request made at requestedAt, storing only its hash, and returns its token
// and the user. The link expires ResetTokenTTL after the request, as the
// mail says.
//
// Errors: ENOTFOUND when there is no point in a link any more (the user is
// gone or disabled, or the link would already have expired).
func (s *Service) IssuePasswordReset(ctx context.Context, userID int64, requestedAt time.Time) (string, *User, error) {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	now, expires := s.Now(), requestedAt.Add(ResetTokenTTL)
	if u.Disabled || !now.Before(expires) {
		return "", nil, claims.Errorf(claims.ENOTFOUND, "no reset link is due for user %d", userID)
	}
	token := secret.New()
	r := &PasswordReset{UserID: u.ID, CreatedAt: now, ExpiresAt: expires}
	if err := s.store.CreatePasswordReset(ctx, r, secret.Hash(token)); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// countResetRequest records one request and returns ERATELIMITED when it
// is past limit.
func (s *Service) countResetRequest(ctx context.Context, kind, value string, limit int, now, since time.Time) error {
	n, err := s.store.AddResetRequest(ctx, kind, attemptKey(kind, value), now, since)
	if err != nil {
		return err
	}
	if n > limit {
		return claims.Errorf(claims.ERATELIMITED,
			"too many password reset requests: try again in %d minutes", int(ResetWindow.Minutes()+0.5))
	}
	return nil
}

// CheckPasswordReset returns the user a reset link would set the password
// of, without using the link up, so the form can be shown.
// Errors: EINVALID (field "token") when the link is unknown, used or
// expired, or its user is disabled.
func (s *Service) CheckPasswordReset(ctx context.Context, token string) (*User, error) {
	_, u, err := s.resetLink(ctx, token)
	return u, err
}

// resetLink looks a usable reset link and its enabled user up.
func (s *Service) resetLink(ctx context.Context, token string) (*PasswordReset, *User, error) {
	return byToken(ctx, s.store, token, s.store.PasswordResetByHash,
		func(r *PasswordReset) bool { return r.usableAt(s.Now()) }, func(r *PasswordReset) int64 { return r.UserID }, errResetLink())
}

// ResetPassword sets a new password with a reset link, burns the link (and
// every other outstanding link of the user) in the same transaction, ends
// all the user's sessions and forgives the account's failed logins, so the
// user can sign in at once. API tokens stay valid, as with SetPassword,
// unless revokeTokens (the reset form offers it: whoever had the old
// password may have made tokens). A refused password leaves the link
// usable.
// Errors: EINVALID (field "token") when the link is unknown, used or
// expired, or its user is disabled; EINVALID (field "password").
func (s *Service) ResetPassword(ctx context.Context, token, password string, revokeTokens bool) (*User, error) {
	_, u, err := s.resetLink(ctx, token)
	if err != nil {
		return nil, err
	}
	// Validate and hash before the transaction: a weak password must not
	// burn the link, and the slow hash should not hold the write lock.
	if err := s.validatePassword(password, u.Email, u.Name); err != nil {
		return nil, err
	}
	hash, err := s.opts.Hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(ctx context.Context) error {
		now := s.Now()
		// Consuming first makes two simultaneous resets with one link
		// collide on its row, so only one of them sets a password.
		r, err := s.store.ConsumePasswordReset(ctx, secret.Hash(token), now)
		if claims.IsNotFound(err) {
			return errResetLink()
		}
		if err != nil {
			return err
		}
		cur, err := s.store.UserByID(ctx, r.UserID)
		if err != nil {
			return err
		}
		if cur.Disabled {
			return errResetLink()
		}
		if err := s.store.SetPasswordHash(ctx, r.UserID, hash, now); err != nil {
			return err
		}
		if err := s.store.EndUserSessions(ctx, r.UserID, 0, now); err != nil {
			return err
		}
		if revokeTokens {
			if err := s.store.RevokeUserTokens(ctx, r.UserID, now); err != nil {
				return err
			}
		}
		if err := s.store.ClearLoginFailuresFrom(ctx, AttemptPair, pairPrefix(cur.Email)); err != nil {
			return err
		}
		return s.store.ClearLoginFailures(ctx, AttemptAccount, attemptKey(AttemptAccount, cur.Email))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
