package auth

import (
	"context"
	"github.com/claimtrack/claimtrack/internal/secret"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func errSetupDone() error {
	return claims.Errorf(claims.EFORBIDDEN, "setup is complete: sign in instead")
}

// SetupToken issues a one-time token for the link that creates the first
// admin. Only its hash is stored, so every call issues a fresh one; earlier
// ones keep working until they expire or setup completes (several instances
// starting at once each print a link, and any of them works).
// Errors: EFORBIDDEN when users already exist.
func (s *Service) SetupToken(ctx context.Context) (string, error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return "", errSetupDone()
	}
	token := secret.New()
	now := s.Now()
	if err := s.store.CreateSetupToken(ctx, secret.Hash(token), now, now.Add(s.opts.SetupTokenTTL)); err != nil {
		return "", err
	}
	return token, nil
}

// CompleteSetup creates the first admin with a setup token and burns every
// setup token. Errors: EFORBIDDEN when users already exist; EUNAUTHORIZED
// when the token is unknown, used or expired; EINVALID (fields "email",
// "name" or "password").
func (s *Service) CompleteSetup(ctx context.Context, token, email, name, password string) (*User, error) {
	// Validate and hash before the transaction: a weak password must not
	// burn the token, and the slow hash should not hold the write lock.
	u, hash, err := s.newUser(email, name, RoleAdmin, password)
	if err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(ctx context.Context) error {
		n, err := s.store.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return errSetupDone()
		}
		// Deleting the tokens makes two simultaneous setups collide on
		// the same rows, so only one of them commits.
		err = s.store.ConsumeSetupToken(ctx, secret.Hash(token), s.Now())
		if claims.IsNotFound(err) {
			return claims.Errorf(claims.EUNAUTHORIZED, "the setup link is not valid: it was used, has expired or was mistyped")
		}
		if err != nil {
			return err
		}
		return s.store.CreateUser(ctx, u, hash)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
