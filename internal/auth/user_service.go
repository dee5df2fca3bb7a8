package auth

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// CreateUser adds a user who can log in with password.
// Errors: EINVALID (fields "email", "name", "role" or "password"), ECONFLICT
// when the email is taken.
func (s *Service) CreateUser(ctx context.Context, email, name string, role Role, password string) (*User, error) {
	u, hash, err := s.newUser(email, name, role, password)
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateUser(ctx, u, hash); err != nil {
		return nil, err
	}
	return u, nil
}

// newUser validates a new user's fields and hashes the password.
func (s *Service) newUser(email, name string, role Role, password string) (*User, string, error) {
	email = NormalizeEmail(email)
	if err := ValidateEmail(email); err != nil {
		return nil, "", err
	}
	name, err := normalizeName(name)
	if err != nil {
		return nil, "", err
	}
	if role, err = ParseRole(string(role)); err != nil {
		return nil, "", err
	}
	if err := s.validatePassword(password, email, name); err != nil {
		return nil, "", err
	}
	hash, err := s.opts.Hasher.Hash(password)
	if err != nil {
		return nil, "", err
	}
	now := s.Now()
	u := &User{Email: email, Name: name, Role: role, CreatedAt: now, UpdatedAt: now}
	return u, hash, nil
}

// ListUsers returns every user, disabled ones included, by email.
// Errors: none but internal ones.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// UserByID returns a user. Errors: ENOTFOUND.
func (s *Service) UserByID(ctx context.Context, id int64) (*User, error) {
	return s.store.UserByID(ctx, id)
}

// UserByEmail returns the user with that email, in any case and with
// surrounding spaces. Errors: ENOTFOUND.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.store.UserByEmail(ctx, NormalizeEmail(email))
}

// UserCount returns how many users exist, disabled ones included; zero means
// the first admin has yet to be set up. Errors: none but internal ones.
func (s *Service) UserCount(ctx context.Context) (int, error) { return s.store.CountUsers(ctx) }

// DisableUser stops a user from logging in, ends their sessions and revokes
// their API tokens, all at once. Disabling a disabled user changes nothing.
// Errors: ENOTFOUND; ECONFLICT when the user is the last enabled admin
// (nobody could manage users any more).
func (s *Service) DisableUser(ctx context.Context, id int64) error {
	return s.store.Tx(ctx, func(ctx context.Context) error {
		u, err := s.store.UserByID(ctx, id)
		if err != nil {
			return err
		}
		if u.IsAdmin() {
			if err := s.keepAnAdmin(ctx, u.ID); err != nil {
				return err
			}
		}
		now := s.Now()
		if err := s.store.SetUserDisabled(ctx, id, true, now); err != nil {
			return err
		}
		if err := s.store.EndUserSessions(ctx, id, 0, now); err != nil {
			return err
		}
		return s.store.RevokeUserTokens(ctx, id, now)
	})
}

// keepAnAdmin returns ECONFLICT unless an enabled admin other than id exists.
func (s *Service) keepAnAdmin(ctx context.Context, id int64) error {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return err
	}
	for i := range users {
		if users[i].ID != id && users[i].IsAdmin() {
			return nil
		}
	}
	return claims.Errorf(claims.ECONFLICT, "this is the last enabled admin: make another admin first")
}

// SetPassword replaces a user's password and ends every session of theirs
// but keepSessionID (the caller's own when users change their own password;
// 0 ends them all, as after an admin's reset). API tokens stay valid.
// Errors: ENOTFOUND; EINVALID (field "password").
func (s *Service) SetPassword(ctx context.Context, id int64, password string, keepSessionID int64) error {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.validatePassword(password, u.Email, u.Name); err != nil {
		return err
	}
	hash, err := s.opts.Hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(ctx context.Context) error {
		now := s.Now()
		if err := s.store.SetPasswordHash(ctx, id, hash, now); err != nil {
			return err
		}
		return s.store.EndUserSessions(ctx, id, keepSessionID, now)
	})
}
