package account

import (
	"context"
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
	"github.com/labstack/echo/v4"
)

const rightPassword = "right horse battery"

// fakeAccounts knows one account, pagetest.Admin, with rightPassword, and
// one reset token, "good"; "used" is a link that no longer works.
type fakeAccounts struct {
	users     int
	loggedOut []string
	verified  bool
	revoked   []int64
}

func (f *fakeAccounts) Login(ctx context.Context, email, password, _ string) (*auth.Session, *auth.User, error) {
	sess, u, _, err := f.LoginDevice(ctx, email, password, "", "")
	return sess, u, err
}

func (f *fakeAccounts) LoginDevice(_ context.Context, email, password, _, _ string) (*auth.Session, *auth.User, string, error) {
	if email != pagetest.Admin.Email || password != rightPassword {
		return nil, nil, "", claims.Errorf(claims.EUNAUTHORIZED, "wrong email or password")
	}
	return &auth.Session{ID: 1, UserID: pagetest.Admin.ID, Token: "new-session"}, pagetest.Admin, "device-1", nil
}

func (f *fakeAccounts) Logout(_ context.Context, token string) error {
	f.loggedOut = append(f.loggedOut, token)
	return nil
}

func (f *fakeAccounts) SessionTTL() time.Duration              { return time.Hour }
func (f *fakeAccounts) RecentlyVerified(*auth.Session) bool    { return f.verified }
func (f *fakeAccounts) UserCount(context.Context) (int, error) { return f.users, nil }

func (f *fakeAccounts) VerifyPassword(_ context.Context, _ *auth.Session, _ *auth.User, password string) error {
	if password != rightPassword {
		return claims.Errorf(claims.EINVALID, "that is not your password")
	}
	return nil
}

func (f *fakeAccounts) CompleteSetup(_ context.Context, token, email, name, _ string) (*auth.User, error) {
	if name == "" {
		return nil, &claims.Error{Code: claims.EINVALID, Message: "a name is required", Fields: map[string]string{"name": "a name is required"}}
	}
	f.users++
	return &auth.User{ID: 1, Email: email, Name: name, Role: auth.RoleAdmin}, nil
}

func (f *fakeAccounts) RequestPasswordReset(context.Context, string, string) (*auth.User, error) {
	return nil, nil
}

func (f *fakeAccounts) CheckPasswordReset(_ context.Context, token string) (*auth.User, error) {
	if token != "good" {
		return nil, &claims.Error{Code: claims.EINVALID, Message: "this reset link has expired or was used",
			Fields: map[string]string{"token": "expired"}}
	}
	return pagetest.Admin, nil
}

func (f *fakeAccounts) ResetPassword(ctx context.Context, token, _ string, _ bool) (*auth.User, error) {
	return f.CheckPasswordReset(ctx, token)
}

func (f *fakeAccounts) ListTokens(context.Context, int64) ([]auth.Token, error) {
	return []auth.Token{{ID: 3, Name: "ci", CreatedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}}, nil
}

func (f *fakeAccounts) RevokeOwnToken(_ context.Context, _, tokenID int64) error {
	f.revoked = append(f.revoked, tokenID)
	return nil
}

// serve answers the account routes as internal/web lists them, for user.
func serve(h *Handler, user *auth.User) *pagetest.Server {
	s := pagetest.New(user)
	reads := []string{http.MethodGet, http.MethodHead}
	s.Match(reads, "/login", h.LoginShow)
	s.POST("/login", h.LoginCreate)
	s.POST("/logout", h.LogoutCreate)
	s.Match(reads, "/setup/:token", h.SetupShow)
	s.POST("/setup/:token", h.SetupCreate)
	s.Match(reads, "/password/reset/:token", h.PasswordResetShow)
	s.POST("/password/reset/:token", h.PasswordResetCreate)
	s.POST("/reauth", h.ReauthCreate)
	s.Match(reads, "/account/tokens", h.TokensShow, httpx.RequireEditor)
	s.POST("/account/tokens/:id/revoke", h.TokenRevoke, httpx.RequireEditor)
	ok := func(c echo.Context) error { return c.String(http.StatusOK, "admin page") }
	s.Match(reads, "/admin/users", ok, httpx.RequireAdmin, h.RequireRecentPassword)
	s.POST("/admin/users", ok, httpx.RequireAdmin, h.RequireRecentPassword)
	return s
}

func newHandler() (*Handler, *fakeAccounts) {
	f := &fakeAccounts{}
	return &Handler{Chrome: pagetest.Chrome(), Auth: f}, f
}
