package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/bcrypt"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Password policy.
const (
	// MinPasswordLen is the fewest characters (not bytes) a password may have.
	MinPasswordLen = 10
	// MaxPasswordBytes is bcrypt's input limit: bcrypt ignores every byte
	// past the 72nd, so a longer password would be silently truncated. We
	// refuse it instead.
	MaxPasswordBytes = 72
	// MinPasswordScore is the lowest zxcvbn score (0-4) accepted; 3 means
	// "safely unguessable" against an offline attack on a slow hash, and
	// zxcvbn's dictionaries cover the common-password lists.
	MinPasswordScore = 3
)

// ValidatePassword checks password against the policy; EINVALID with field
// "password" and a message the user can act on. userInputs (the user's email
// and name) count as guessable, so "jane.doe2024" is weak for Jane Doe.
func ValidatePassword(password string, userInputs ...string) error {
	if !utf8.ValidString(password) {
		return claims.Invalid("password", "the password is not valid text")
	}
	if n := utf8.RuneCountInString(password); n < MinPasswordLen {
		return claims.Invalid("password", "the password is too short: use at least %d characters", MinPasswordLen)
	}
	// Checked before zxcvbn, whose matching grows quickly with length.
	if len(password) > MaxPasswordBytes {
		return claims.Invalid("password",
			"the password is too long: at most %d bytes (%d plain letters or digits; accented letters and symbols take more)",
			MaxPasswordBytes, MaxPasswordBytes)
	}
	words := guessableWords(userInputs)
	// zxcvbn scores "claimtrack claimtrack" as strong enough even with
	// "claimtrack" among the inputs (the space breaks its repeat match),
	// so a password that is nothing but known words is refused outright.
	if len(leftOver(password, words)) < minOwnChars ||
		zxcvbn.PasswordStrength(password, words).Score < MinPasswordScore {
		return claims.Invalid("password",
			"the password is too easy to guess: avoid common words, names, dates and your email; a few unrelated words make a strong one")
	}
	return nil
}

// minOwnChars is how many letters and digits a password must have beyond
// the known words it contains.
const minOwnChars = 6

// leftOver returns the letters and digits of password, lower-cased, with
// every known word of three or more characters taken out, longest first.
func leftOver(password string, words []string) string {
	rest := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToLower(password))
	sorted := slices.SortedFunc(slices.Values(words), func(a, b string) int { return len(b) - len(a) })
	for _, w := range sorted {
		if len(w) >= 3 {
			rest = strings.ReplaceAll(rest, w, "")
		}
	}
	return rest
}

// guessableWords returns the inputs and every word in them: zxcvbn matches
// whole dictionary entries, so "jane.doe@desk.example" alone would not make
// "doejane2024" weak.
func guessableWords(inputs []string) []string {
	words := make([]string, 0, 4*len(inputs))
	for _, in := range inputs {
		in = strings.ToLower(in)
		words = append(words, in)
		for _, w := range strings.FieldsFunc(in, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) > 1 {
				words = append(words, w)
			}
		}
	}
	return words
}

// Hasher turns passwords into stored hashes and checks them. It is an
// interface so that tests can count how many hashes a login costs.
type Hasher interface {
	// Hash returns the hash to store for password.
	Hash(password string) (string, error)
	// Compare returns ErrMismatch when password does not match hash.
	Compare(hash, password string) error
}

// ErrMismatch is returned by Hasher.Compare for a wrong password.
var ErrMismatch = errors.New("auth: password does not match")

// BcryptHasher hashes with bcrypt. We chose bcrypt over argon2id because its
// memory use per hash is tiny and fixed: a burst of logins on a small server
// cannot run it out of memory, as argon2id's tens of megabytes per hash can.
// Its one drawback, the 72-byte input limit, is handled by ValidatePassword
// refusing longer passwords rather than truncating them.
type BcryptHasher struct {
	// Cost is bcrypt's work factor; 0 means DefaultBcryptCost.
	Cost int
}

// DefaultBcryptCost takes about a quarter of a second per hash on a small
// server: slow for an attacker with a stolen table, tolerable at login.
const DefaultBcryptCost = 12

// Hash implements Hasher.
func (h BcryptHasher) Hash(password string) (string, error) {
	cost := h.Cost
	if cost == 0 {
		cost = DefaultBcryptCost
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(b), nil
}

// Compare implements Hasher.
func (h BcryptHasher) Compare(hash, password string) error {
	// bcrypt would compare only the first 72 bytes: a longer password must
	// not log in just because it starts with the right one.
	if len(password) > MaxPasswordBytes {
		return ErrMismatch
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		return ErrMismatch
	}
	if err != nil {
		return fmt.Errorf("auth: compare password: %w", err)
	}
	return nil
}
