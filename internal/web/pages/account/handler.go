// Package account is signing in and out, the first admin's setup, the
// forgotten-password flow, typing the password again before admin changes,
// and a user's own API tokens. Its Handler depends on the Accounts
// interface below, which *auth.Service satisfies; internal/web builds it
// and lists its routes with the others.
package account

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Handler answers the account pages.
type Handler struct {
	*view.Chrome
	// Auth signs users in; nil when the server serves anonymous readers
	// only.
	Auth    Accounts
	Cookies httpx.Cookies
	Proxies httpx.Proxies
	// MailQueued, when set, wakes the worker that sends the mail a
	// request queued (a reset link).
	MailQueued func()
}

// Accounts is what the account pages ask of the accounts service.
type Accounts interface {
	Login(ctx context.Context, email, password, clientAddr string) (*auth.Session, *auth.User, error)
	LoginDevice(ctx context.Context, email, password, clientAddr, device string) (*auth.Session, *auth.User, string, error)
	Logout(ctx context.Context, sessionToken string) error
	SessionTTL() time.Duration
	RecentlyVerified(sess *auth.Session) bool
	VerifyPassword(ctx context.Context, sess *auth.Session, u *auth.User, password string) error
	UserCount(ctx context.Context) (int, error)
	CompleteSetup(ctx context.Context, token, email, name, password string) (*auth.User, error)
	RequestPasswordReset(ctx context.Context, email, clientAddr string) (*auth.User, error)
	CheckPasswordReset(ctx context.Context, token string) (*auth.User, error)
	ResetPassword(ctx context.Context, token, password string, revokeTokens bool) (*auth.User, error)
	ListTokens(ctx context.Context, userID int64) ([]auth.Token, error)
	RevokeOwnToken(ctx context.Context, userID, tokenID int64) error
}

// clientAddr is the request's client address, believing X-Forwarded-For
// from trusted proxies only.
func (s *Handler) clientAddr(r *http.Request) string { return s.Proxies.ClientAddr(r) }

// clientGroup is the key that per-client limits count a request under.
func (s *Handler) clientGroup(r *http.Request) string { return s.Proxies.ClientGroup(r) }

// wakeMail tells the mail worker a request queued a mail.
func (s *Handler) wakeMail() {
	if s.MailQueued != nil {
		s.MailQueued()
	}
}
