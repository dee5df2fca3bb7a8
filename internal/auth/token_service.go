package auth

import (
	"context"
	"github.com/claimtrack/claimtrack/internal/secret"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
)

const maxTokenNameLen = 100

// CreateToken issues an API token for a user. The plain token (starting
// with TokenPrefix) is returned once and never again: only its SHA-256 is
// stored. An empty name becomes "API token".
// Errors: ENOTFOUND for an unknown user; EINVALID (field "name");
// EFORBIDDEN when the user is disabled.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string) (string, *Token, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "API token"
	}
	if utf8.RuneCountInString(name) > maxTokenNameLen {
		return "", nil, claims.Invalid("name", "the token name is longer than %d characters", maxTokenNameLen)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name) {
		return "", nil, claims.Invalid("name", "the token name contains control characters")
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return "", nil, err
	}
	if u.Disabled {
		return "", nil, claims.Errorf(claims.EFORBIDDEN, "this account is disabled")
	}
	plain := TokenPrefix + secret.New()
	t := &Token{UserID: userID, Name: name, CreatedAt: s.Now()}
	if err := s.store.CreateToken(ctx, t, secret.Hash(plain)); err != nil {
		return "", nil, err
	}
	return plain, t, nil
}

// ListTokens returns a user's API tokens, newest first, revoked ones
// included. Errors: none but internal ones.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	return s.store.ListTokens(ctx, userID)
}

// TokenByID returns an API token (without its secret), so that the web
// layer can check whose it is before revoking it. Errors: ENOTFOUND.
func (s *Service) TokenByID(ctx context.Context, id int64) (*Token, error) {
	return s.store.TokenByID(ctx, id)
}

// RevokeToken revokes an API token for good; revoking it again changes
// nothing. Errors: ENOTFOUND.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	return s.store.RevokeToken(ctx, id, s.Now())
}

// RevokeOwnToken revokes one of a user's own API tokens (the account's
// tokens page). Errors: ENOTFOUND when the token is unknown or another
// user's, so that ids cannot be probed.
func (s *Service) RevokeOwnToken(ctx context.Context, userID, tokenID int64) error {
	t, err := s.store.TokenByID(ctx, tokenID)
	if err != nil {
		return err
	}
	if t.UserID != userID {
		return claims.Errorf(claims.ENOTFOUND, "token %d not found", tokenID)
	}
	return s.store.RevokeToken(ctx, tokenID, s.Now())
}

// TokenUser returns the user an API token (as sent in "Authorization:
// Bearer") belongs to, and records when it was last used.
// Errors: EUNAUTHORIZED when the token is unknown or revoked, or its user is
// disabled.
func (s *Service) TokenUser(ctx context.Context, plain string) (*User, error) {
	bad := claims.Errorf(claims.EUNAUTHORIZED, "the API token is not valid")
	// Anything without the prefix cannot be ours: no query needed.
	if !strings.HasPrefix(plain, TokenPrefix) {
		return nil, bad
	}
	t, u, err := byToken(ctx, s.store, plain, s.store.TokenByHash,
		func(t *Token) bool { return t.RevokedAt == nil }, func(t *Token) int64 { return t.UserID }, bad)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= s.opts.TokenTouchInterval {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}
