// Package auth holds claimtrack's accounts: users and their roles, password
// policy and hashing, server-side sessions, login throttling, API tokens and
// the one-time setup of the first admin. It knows nothing of HTTP or of how
// the data is stored; internal/store implements its Store.
package auth

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Role says what a user may do.
type Role string

// The roles. Readers are anonymous and have no role.
const (
	// RoleAdmin may do everything, including managing users.
	RoleAdmin Role = "admin"
	// RoleEditor edits stories, claims, evidence, sources and statuses.
	RoleEditor Role = "editor"
)

// Roles lists every role, for forms and help texts.
var Roles = []Role{RoleAdmin, RoleEditor}

// ParseRole returns the role named s; EINVALID (field "role") otherwise.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleAdmin, RoleEditor:
		return r, nil
	}
	return "", claims.Invalid("role", "unknown role %q: use admin or editor", s)
}

// User is someone who signs in to edit. The password hash is deliberately
// not part of it, so no page or API response can ever carry it.
type User struct {
	ID        int64
	Email     string
	Name      string
	Role      Role
	Disabled  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsAdmin reports whether u is an enabled admin.
func (u *User) IsAdmin() bool { return u != nil && !u.Disabled && u.Role == RoleAdmin }

// Limits on user fields.
const (
	maxEmailLen = 254 // RFC 5321's limit on a forward path
	maxNameLen  = 100
)

// NormalizeEmail trims and lower-cases an email address, so that one person
// cannot hold two accounts by changing the case of their address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateEmail checks an already normalised address; EINVALID (field
// "email") when it is not a bare address such as name@example.org.
func ValidateEmail(email string) error {
	if email == "" {
		return claims.Invalid("email", "an email address is required")
	}
	if len(email) > maxEmailLen {
		return claims.Invalid("email", "the email address is longer than %d characters", maxEmailLen)
	}
	// ParseAddress also accepts "Name <a@b>"; requiring the result to equal
	// the input keeps display names, comments and quoting out.
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		return claims.Invalid("email", "%q is not an email address", email)
	}
	return nil
}

// normalizeName trims a display name and checks it; EINVALID (field "name").
func normalizeName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", claims.Invalid("name", "a name is required")
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		return "", claims.Invalid("name", "the name is longer than %d characters", maxNameLen)
	}
	// Names are shown on the public timeline and written to logs: control
	// characters (newlines above all) could forge a log line.
	if strings.IndexFunc(name, unicode.IsControl) >= 0 || !utf8.ValidString(name) {
		return "", claims.Invalid("name", "the name contains control characters")
	}
	return name, nil
}
