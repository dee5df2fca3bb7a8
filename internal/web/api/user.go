package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// User is a user as the admin API shows it. There is deliberately no
// field a password hash could reach: auth.User does not carry one.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toAPIUser(u *auth.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled,
		CreatedAt: httpx.UTC(u.CreatedAt), UpdatedAt: httpx.UTC(u.UpdatedAt)}
}

// NewUser is the body of POST /api/v1/users. Only these fields are read:
// anything else (an id, a hash, created_at) is ignored.
type NewUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Password string `json:"password"`
}
