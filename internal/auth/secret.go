package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// secretBytes is the entropy of every session id, API token and setup token:
// 256 bits, far past guessing, which is also why a plain SHA-256 (no salt, no
// slow hash) is enough to store them.
const secretBytes = 32

// TokenPrefix starts every API token, so that a leaked one is recognisable
// (by people and by secret scanners).
const TokenPrefix = "ct_"

// newSecret returns a random URL-safe string carrying secretBytes of entropy.
func newSecret() string {
	b := make([]byte, secretBytes)
	// crypto/rand.Read never fails (it crashes the program instead).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret returns the hex SHA-256 of a secret: what the database keeps.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
