package auth

import (
	"context"
	"errors"
	"fmt"
	"github.com/claimtrack/claimtrack/internal/secret"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

// errWrongLogin is the one answer for an unknown email and a wrong password,
// so that the login form cannot be used to find out who has an account.
func errWrongLogin() error {
	return claims.Errorf(claims.EUNAUTHORIZED, "wrong email or password")
}

func errNotSignedIn() error {
	return claims.Errorf(claims.EUNAUTHORIZED, "not signed in, or the session has ended")
}

// Login is LoginDevice without a device cookie, for callers that keep none
// (first-admin setup, commands).
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (*Session, *User, error) {
	sess, u, _, err := s.LoginDevice(ctx, email, password, clientAddr, "")
	return sess, u, err
}

// LoginDevice checks an email and password and opens a new session, whose
// Token goes in the cookie, and returns a new device cookie for the
// browser. clientAddr is the client's address as the web layer trusts it
// (an IPv6 client grouped to its /64; "" when unknown); device is the
// device cookie the browser sent ("" for none).
//
// Failed attempts are counted in the database, so that the limits hold
// across instances, three ways: per account and client (the device cookie
// when it is this account's, else the address), hard-limited at
// AccountFailures; per address over all accounts, hard-limited at
// AddressFailures; and per account over clients without its device cookie,
// past AccountCeiling with growing delays and a mail to the owner rather
// than a lock. So a stranger can lock out only themselves, and the owner's
// own browser gets in with the right password whatever strangers do. An
// unknown email costs one password hash, as a wrong password does, and gets
// the same answer; so does a disabled account.
//
// Errors: ERATELIMITED; EUNAUTHORIZED "wrong email or password".
func (s *Service) LoginDevice(ctx context.Context, email, password, clientAddr, device string) (*Session, *User, string, error) {
	email = NormalizeEmail(email)
	now := s.Now()

	nonce, err := s.deviceNonce(ctx, email, device)
	if err != nil {
		return nil, nil, "", err
	}
	client := "address\x00" + clientAddr
	if nonce != "" {
		client = "device\x00" + nonce
	}
	pair := LoginAttempt{Kind: AttemptPair, Key: pairKey(email, client), At: now}
	attempts := []LoginAttempt{pair}
	if nonce == "" {
		if clientAddr != "" {
			attempts = append(attempts, LoginAttempt{Kind: AttemptAddress, Key: attemptKey(AttemptAddress, clientAddr), At: now})
		}
		attempts = append(attempts, LoginAttempt{Kind: AttemptAccount, Key: attemptKey(AttemptAccount, email), At: now})
	}
	ids, err := s.throttle(ctx, email, attempts, now)
	if err != nil {
		return nil, nil, "", err
	}
	if err := s.store.PruneLoginAttempts(ctx, now.Add(-s.opts.ThrottleWindow)); err != nil {
		return nil, nil, "", err
	}

	u, err := s.checkPassword(ctx, email, password)
	if err != nil {
		return nil, nil, "", err
	}
	newDevice, err := s.newDevice(ctx, email)
	if err != nil {
		return nil, nil, "", err
	}
	sess := &Session{UserID: u.ID, Token: secret.New(), CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL)}
	err = s.store.Tx(ctx, func(ctx context.Context) error {
		if err := s.store.MarkLoginSucceeded(ctx, ids); err != nil {
			return err
		}
		// A successful login forgives this client's and the account's
		// typos; the address's count stands, or one valid account would
		// reset it for guessing at others.
		for _, kind := range []string{AttemptPair, AttemptAccount} {
			key := pair.Key
			if kind == AttemptAccount {
				key = attemptKey(AttemptAccount, email)
			}
			if err := s.store.ClearLoginFailures(ctx, kind, key); err != nil {
				return err
			}
		}
		return s.store.CreateSession(ctx, sess, secret.Hash(sess.Token))
	})
	if err != nil {
		return nil, nil, "", err
	}
	return sess, u, newDevice, nil
}

// Delays of the account-wide ceiling: the first try past it waits
// ceilingDelay after the last failure, each next one twice as long, up to
// the throttle window.
const ceilingDelay = time.Second

// throttle records the attempts as failures before the password is checked,
// so that simultaneous tries (on any instance) count each other, and returns
// their ids. It returns ERATELIMITED when, counting this attempt and those
// before it, a hard limit is exceeded (limit failures are allowed, the next
// try is refused), or when the account is past its ceiling and the last
// failure was too recent.
func (s *Service) throttle(ctx context.Context, email string, attempts []LoginAttempt, now time.Time) ([]int64, error) {
	since := now.Add(-s.opts.ThrottleWindow)
	ids := make([]int64, 0, len(attempts))
	refuse := func(err error) ([]int64, error) {
		// A refused try is not a guess: not counting it lets the lock
		// end a window after the last real failure, however often one
		// retries.
		if derr := s.store.DeleteLoginAttempts(ctx, ids); derr != nil {
			return nil, derr
		}
		return nil, err
	}
	for i := range attempts {
		a := &attempts[i]
		n, last, err := s.store.AddLoginAttempt(ctx, a, since)
		if err != nil {
			return nil, err
		}
		ids = append(ids, a.ID)
		switch a.Kind {
		case AttemptAccount:
			if n <= s.opts.AccountCeiling {
				continue
			}
			wait := s.ceilingWait(n - s.opts.AccountCeiling)
			if left := last.Add(wait).Sub(now); left > 0 {
				if err := s.noticeOwner(ctx, email, wait, now); err != nil {
					return nil, err
				}
				secs := int((left + time.Second - 1) / time.Second)
				return refuse(claims.Errorf(claims.ERATELIMITED,
					"too many failed logins for this account: try again in %d seconds, or from a browser that signed in to it before", secs))
			}
		default:
			limit := s.opts.AccountFailures
			if a.Kind == AttemptAddress {
				limit = s.opts.AddressFailures
			}
			if n > limit {
				return refuse(claims.Errorf(claims.ERATELIMITED,
					"too many failed logins: try again in %d minutes", int(s.opts.ThrottleWindow.Minutes()+0.5)))
			}
		}
	}
	return ids, nil
}

// ceilingWait is the wait before the over-th failure past the ceiling may
// be followed by another try.
func (s *Service) ceilingWait(over int) time.Duration {
	wait := ceilingDelay
	for i := 1; i < over && wait < s.opts.ThrottleWindow; i++ {
		wait *= 2
	}
	return min(wait, s.opts.ThrottleWindow)
}

// noticeOwner queues a mail to the owner of the account with that email,
// and then tells the OnThrottled hooks, once per throttle window; unknown
// and disabled accounts have no owner to tell. The window's mark and the
// mail are one transaction: a window is never marked without its mail.
func (s *Service) noticeOwner(ctx context.Context, email string, wait time.Duration, now time.Time) error {
	var owner *User
	err := s.store.Tx(ctx, func(ctx context.Context) error {
		notice := LoginAttempt{Kind: AttemptNotice, Key: attemptKey(AttemptNotice, email), At: now}
		n, _, err := s.store.AddLoginAttempt(ctx, &notice, now.Add(-s.opts.ThrottleWindow))
		if err != nil || n > 1 {
			return err
		}
		u, err := s.store.UserByEmail(ctx, email)
		if claims.IsNotFound(err) {
			return nil
		}
		if err != nil || u.Disabled {
			return err
		}
		owner = u
		return s.store.QueueMail(ctx, &txmail.Mail{Kind: txmail.KindThrottled, UserID: u.ID, Wait: wait, CreatedAt: now})
	})
	if err != nil || owner == nil {
		return err
	}
	for _, fn := range s.onThrottled {
		fn(ctx, *owner, wait)
	}
	return nil
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
	// A disabled account answers as a wrong password would: "disabled"
	// would tell a guesser the password was right.
	if u.Disabled {
		return nil, errWrongLogin()
	}
	return u, nil
}

// pairKey is the key of an account's failures from one client: the
// account's own key, then the client's, so that a password reset can
// forgive the account's failures from every client by the prefix.
func pairKey(email, client string) string { return pairPrefix(email) + secret.Hash(client) }

// pairPrefix starts the pair keys of every client of one account.
func pairPrefix(email string) string { return attemptKey(AttemptPair, email) + "." }

// attemptKey hashes what a throttle counts by, kind included so that an
// address can never collide with an email.
func attemptKey(kind, value string) string { return secret.Hash(kind + "\x00" + value) }

// SessionUser returns the user a session token belongs to, and the session,
// and records the use (at most once per TokenTouchInterval). A session
// unused for SessionIdle (AdminSessionIdle for an admin) ends here.
// Errors: EUNAUTHORIZED when the token is unknown, the session has expired,
// idled out or ended, or the user is disabled.
func (s *Service) SessionUser(ctx context.Context, sessionToken string) (*User, *Session, error) {
	sess, u, err := byToken(ctx, s.store, sessionToken, s.store.SessionByHash,
		func(sess *Session) bool { return sess.activeAt(s.Now()) }, func(sess *Session) int64 { return sess.UserID }, errNotSignedIn())
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	idle := s.opts.SessionIdle
	if u.Role == RoleAdmin {
		idle = s.opts.AdminSessionIdle
	}
	if !now.Before(sess.lastSeen().Add(idle)) {
		if err := s.store.EndSession(ctx, sess.ID, now); err != nil {
			return nil, nil, err
		}
		return nil, nil, errNotSignedIn()
	}
	if now.Sub(sess.lastSeen()) >= s.opts.TokenTouchInterval {
		if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt = now
	}
	return u, sess, nil
}

// RecentlyVerified reports whether the session's user typed their password
// in it within ReauthWindow: admin actions ask for it again otherwise.
func (s *Service) RecentlyVerified(sess *Session) bool {
	return s.Now().Before(sess.verified().Add(s.opts.ReauthWindow))
}

// VerifyPassword checks the password of a session's user again, before an
// admin action, and records it in the session. Wrong passwords count as
// failed logins of the account from this session; past AccountFailures the
// session ends, so a stolen session cannot be used to guess the password.
// Errors: EINVALID (field "password") for a wrong password; EUNAUTHORIZED
// once the session has ended.
func (s *Service) VerifyPassword(ctx context.Context, sess *Session, u *User, password string) error {
	now := s.Now()
	pair := LoginAttempt{Kind: AttemptPair, Key: pairKey(u.Email, fmt.Sprintf("session\x00%d", sess.ID)), At: now}
	n, _, err := s.store.AddLoginAttempt(ctx, &pair, now.Add(-s.opts.ThrottleWindow))
	if err != nil {
		return err
	}
	if n > s.opts.AccountFailures {
		if err := s.store.EndSession(ctx, sess.ID, now); err != nil {
			return err
		}
		return errNotSignedIn()
	}
	_, hash, err := s.store.UserCredentials(ctx, u.Email)
	if err != nil {
		return err
	}
	if err := s.opts.Hasher.Compare(hash, password); err != nil {
		if errors.Is(err, ErrMismatch) {
			return claims.Invalid("password", "wrong password")
		}
		return err
	}
	return s.store.Tx(ctx, func(ctx context.Context) error {
		if err := s.store.MarkLoginSucceeded(ctx, []int64{pair.ID}); err != nil {
			return err
		}
		if err := s.store.ClearLoginFailures(ctx, AttemptPair, pair.Key); err != nil {
			return err
		}
		sess.VerifiedAt, sess.LastSeenAt = now, now
		return s.store.VerifySession(ctx, sess.ID, now)
	})
}

// Logout ends the session on the server, so a copied cookie stops working.
// An unknown or already ended session is not an error: the outcome the user
// wants holds either way.
// Errors: none but internal ones.
func (s *Service) Logout(ctx context.Context, sessionToken string) error {
	if sessionToken == "" {
		return nil
	}
	sess, err := s.store.SessionByHash(ctx, secret.Hash(sessionToken))
	if claims.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.EndSession(ctx, sess.ID, s.Now())
}
