// Package secret makes the random tokens claimtrack hands out (sessions, API
// tokens, setup, reset and subscriber links, webhook signing secrets) and the
// one hash the database keeps of those it must recognise. It imports only the
// standard library, so every domain package can use it.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Bytes is the entropy of every token: 256 bits, far past guessing, which is
// also why a plain SHA-256 (no salt, no slow hash) is enough to store them.
const Bytes = 32

// New returns a random URL-safe token carrying Bytes of entropy.
func New() string {
	b := make([]byte, Bytes)
	// crypto/rand.Read never fails (it crashes the program instead).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash returns the hex SHA-256 of a token: what the database keeps, and the
// key under which requests made with it are counted.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
