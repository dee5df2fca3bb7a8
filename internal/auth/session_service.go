package auth

import (
	"context"
	"errors"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// errWrongLogin is the one answer for an unknown email and a wrong password,
// so that the login form cannot be used to find out who has an account.
func errWrongLogin() error {
	return claims.Errorf(claims.EUNAUTHORIZED, "wrong email or password")
}

func errNotSignedIn() error {
	return claims.Errorf(claims.EUNAUTHORIZED, "not signed in, or the session has ended")
}

// Login checks an email and password and opens a new session, whose Token
// goes in the cookie. clientAddr is the client's address as the web layer
// trusts it ("" when unknown: then only the account is throttled).
//
// Failed attempts are counted in the database, per account and per address,
// so that the limits hold across instances; past either limit within the
// window every try is refused, even with the right password, until the
// window has moved on. An unknown email costs one password hash, as a wrong
// password does, and gets the same answer.
//
// Errors: ERATELIMITED; EUNAUTHORIZED "wrong email or password"; EFORBIDDEN
// when the password is right but the account is disabled.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (*Session, *User, error) {
	email = NormalizeEmail(email)
	now := s.Now()

	attempts := []LoginAttempt{{Kind: AttemptAccount, Key: attemptKey(AttemptAccount, email), At: now}}
	if clientAddr != "" {
		attempts = append(attempts, LoginAttempt{Kind: AttemptAddress, Key: attemptKey(AttemptAddress, clientAddr), At: now})
	}
	ids, err := s.throttle(ctx, attempts, now)
	if err != nil {
		return nil, nil, err
	}
	if err := s.store.PruneLoginAttempts(ctx, now.Add(-s.opts.ThrottleWindow)); err != nil {
		return nil, nil, err
	}

	u, err := s.checkPassword(ctx, email, password)
	if err != nil {
		return nil, nil, err
	}
	sess := &Session{UserID: u.ID, Token: newSecret(), CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
	err = s.store.Tx(ctx, func(ctx context.Context) error {
		if err := s.store.MarkLoginSucceeded(ctx, ids); err != nil {
			return err
		}
		// A successful login forgives the account's typos; the address's
		// count stands, or one valid account would reset it for guessing
		// at others.
		if err := s.store.ClearLoginFailures(ctx, AttemptAccount, attempts[0].Key); err != nil {
			return err
		}
		return s.store.CreateSession(ctx, sess, hashSecret(sess.Token))
	})
	if err != nil {
		return nil, nil, err
	}
	return sess, u, nil
}

// throttle records the attempts as failures before the password is checked,
// so that simultaneous tries (on any instance) count each other, and returns
// their ids. It returns ERATELIMITED when, counting this attempt and those
// before it, a limit is exceeded: limit failures are allowed, the next try
// is refused.
func (s *Service) throttle(ctx context.Context, attempts []LoginAttempt, now time.Time) ([]int64, error) {
	since := now.Add(-s.opts.ThrottleWindow)
	ids := make([]int64, 0, len(attempts))
	for i := range attempts {
		a := &attempts[i]
		n, err := s.store.AddLoginAttempt(ctx, a, since)
		if err != nil {
			return nil, err
		}
		ids = append(ids, a.ID)
		limit := s.opts.AccountFailures
		if a.Kind == AttemptAddress {
			limit = s.opts.AddressFailures
		}
		if n > limit {
			// A refused try is not a guess: not counting it lets the
			// lock end a window after the last real failure, however
			// often one retries.
			if err := s.store.DeleteLoginAttempts(ctx, ids); err != nil {
				return nil, err
			}
			return nil, claims.Errorf(claims.ERATELIMITED,
				"too many failed logins: try again in %d minutes", int(s.opts.ThrottleWindow.Minutes()+0.5))
		}
	}
	return ids, nil
}

// checkPassword returns the user whose email and password these are,
// computing exactly one password hash whatever the outcome.
func (s *Service) checkPassword(ctx context.Context, email, password string) (*User, error) {
	u, hash, err := s.store.UserCredentials(ctx, email)
	if claims.IsNotFound(err) {
		dummy, derr := s.dummy()
		if derr != nil {
			return nil, derr
		}
		_ = s.opts.Hasher.Compare(dummy, password)
		return nil, errWrongLogin()
	}
	if err != nil {
		return nil, err
	}
	if err := s.opts.Hasher.Compare(hash, password); err != nil {
		if errors.Is(err, ErrMismatch) {
			return nil, errWrongLogin()
		}
		return nil, err
	}
	if u.Disabled {
		return nil, claims.Errorf(claims.EFORBIDDEN, "this account is disabled")
	}
	return u, nil
}

// attemptKey hashes what a throttle counts by, kind included so that an
// address can never collide with an email.
func attemptKey(kind, value string) string { return hashSecret(kind + "\x00" + value) }

// SessionUser returns the user a session token belongs to, and the session.
// Errors: EUNAUTHORIZED when the token is unknown, the session has expired
// or ended, or the user is disabled.
func (s *Service) SessionUser(ctx context.Context, sessionToken string) (*User, *Session, error) {
	if sessionToken == "" {
		return nil, nil, errNotSignedIn()
	}
	sess, err := s.store.SessionByHash(ctx, hashSecret(sessionToken))
	if claims.IsNotFound(err) {
		return nil, nil, errNotSignedIn()
	}
	if err != nil {
		return nil, nil, err
	}
	if !sess.activeAt(s.Now()) {
		return nil, nil, errNotSignedIn()
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, errNotSignedIn()
	}
	return u, sess, nil
}

// Logout ends the session on the server, so a copied cookie stops working.
// An unknown or already ended session is not an error: the outcome the user
// wants holds either way.
// Errors: none but internal ones.
func (s *Service) Logout(ctx context.Context, sessionToken string) error {
	if sessionToken == "" {
		return nil
	}
	sess, err := s.store.SessionByHash(ctx, hashSecret(sessionToken))
	if claims.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.EndSession(ctx, sess.ID, s.Now())
}
