package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// testPassword passes the password policy.
const testPassword = "correct horse battery staple"

// testOrigin is the site's own origin in tests: httptest requests go to
// example.com.
const testOrigin = "http://example.com"

// fastHasher is bcrypt at its lowest cost, so tests that log in stay quick.
var fastHasher = auth.BcryptHasher{Cost: 4}

// newTestServer returns a server with accounts over db (claims and accounts
// on one real clock, the BaseURL https so cookies are Secure), its handler,
// and both services.
func newTestServer(t testing.TB, db *store.DB) (*Server, http.Handler, *claims.Service, *auth.Service) {
	t.Helper()
	return newTestServerWith(t, db, auth.Options{}, nil)
}

// newTestServerWith is newTestServer with account options and a log writer
// (nil discards the logs).
func newTestServerWith(t testing.TB, db *store.DB, opts auth.Options, logs io.Writer) (*Server, http.Handler, *claims.Service, *auth.Service) {
	t.Helper()
	if opts.Hasher == nil {
		opts.Hasher = fastHasher
	}
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := auth.NewService(db, nil, opts)
	logger := slog.New(slog.DiscardHandler)
	if logs != nil {
		logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	srv := New(Options{Service: csvc, Auth: asvc, Logger: logger, BaseURL: "https://claims.example.org", Now: time.Now,
		Search: search.New(db, csvc.Vocabulary(), 0, nil)})
	// Requests to /api/ are checked against the document.
	return srv, validateAPI(t, srv.Handler()), csvc, asvc
}

var testUserSeq atomic.Int64

// createTestUser creates an enabled user of role with a unique email and
// testPassword.
func createTestUser(t testing.TB, svc *auth.Service, role auth.Role) *auth.User {
	t.Helper()
	n := testUserSeq.Add(1)
	u, err := svc.CreateUser(context.Background(), fmt.Sprintf("%s%d@newsroom.example", role, n),
		fmt.Sprintf("Test %s %d", role, n), role, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// loginAs creates a user of role and signs them in through POST /login,
// returning the session cookie to send with later requests.
func loginAs(t testing.TB, h http.Handler, svc *auth.Service, role auth.Role) *http.Cookie {
	t.Helper()
	u := createTestUser(t, svc, role)
	return loginWith(t, h, u.Email, testPassword)
}

// loginWith posts the login form and returns the session cookie it sets,
// failing the test when the login does not succeed.
func loginWith(t testing.TB, h http.Handler, email, password string) *http.Cookie {
	t.Helper()
	res := postForm(t, h, "/login", url.Values{"email": {email}, "password": {password}}, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login as %s: status %d, want 303", email, res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if isSessionCookie(c.Name) && c.Value != "" {
			return c
		}
	}
	t.Fatalf("login as %s set no session cookie", email)
	return nil
}

// postForm sends a form POST as a same-origin browser would (Origin set to
// the site's own), with the given cookies.
func postForm(t testing.TB, h http.Handler, target string, form url.Values, cookies []*http.Cookie) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", testOrigin)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// serve sends req through h and returns the response.
func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// isSessionCookie reports whether a cookie is the session cookie, named
// with or without httpx.HostPrefix.
func isSessionCookie(name string) bool {
	return name == httpx.SessionCookie || name == httpx.HostPrefix+httpx.SessionCookie
}
