package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"github.com/claimtrack/claimtrack/internal/secret"
	"strings"
)

// deviceKeyName names the device cookies' signing key in the store.
const deviceKeyName = "device-cookie"

// AuthKeys is what device cookies need from storage beyond Store: a signing
// key that every instance over one database shares.
type AuthKeys interface {
	// AuthKey returns the secret stored under name, storing candidate
	// first when there is none yet.
	AuthKey(ctx context.Context, name, candidate string) (string, error)
}

// deviceKey returns the key device cookies are signed with, made on first
// use and kept in the database so that every instance accepts the cookies
// of the others. It is cached once read: it never changes.
func (s *Service) deviceKey(ctx context.Context) ([]byte, error) {
	s.deviceMu.Lock()
	defer s.deviceMu.Unlock()
	if s.deviceSecret != nil {
		return s.deviceSecret, nil
	}
	keys, ok := s.store.(AuthKeys)
	if !ok {
		return nil, nil
	}
	k, err := keys.AuthKey(ctx, deviceKeyName, secret.New())
	if err != nil {
		return nil, err
	}
	s.deviceSecret = []byte(k)
	return s.deviceSecret, nil
}

// newDevice returns a device cookie for the account with that normalised
// email: a random nonce and its signature, so that the cookie names the
// browser without naming the account. "" when the store keeps no keys.
func (s *Service) newDevice(ctx context.Context, email string) (string, error) {
	key, err := s.deviceKey(ctx)
	if err != nil || key == nil {
		return "", err
	}
	nonce := secret.New()
	return nonce + "." + deviceMAC(key, email, nonce), nil
}

// deviceNonce returns the nonce of a device cookie signed for that email,
// "" when the cookie is missing, forged or another account's.
func (s *Service) deviceNonce(ctx context.Context, email, device string) (string, error) {
	nonce, mac, ok := strings.Cut(device, ".")
	if !ok || nonce == "" || device == "" {
		return "", nil
	}
	key, err := s.deviceKey(ctx)
	if err != nil || key == nil {
		return "", err
	}
	if !hmac.Equal([]byte(mac), []byte(deviceMAC(key, email, nonce))) {
		return "", nil
	}
	return nonce, nil
}

func deviceMAC(key []byte, email, nonce string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("device\x00" + email + "\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
