package auth_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/store"
)

// countingHasher is bcrypt at its lowest cost, counting its work so tests
// can see how many hashes a login costs.
type countingHasher struct {
	bcrypt   auth.BcryptHasher
	hashes   atomic.Int64
	compares atomic.Int64
}

func newCountingHasher() *countingHasher { return &countingHasher{bcrypt: auth.BcryptHasher{Cost: 4}} }

func (h *countingHasher) Hash(password string) (string, error) {
	h.hashes.Add(1)
	return h.bcrypt.Hash(password)
}

func (h *countingHasher) Compare(hash, password string) error {
	h.compares.Add(1)
	return h.bcrypt.Compare(hash, password)
}

// fixture is a service over a real store with a controllable clock.
type fixture struct {
	svc    *auth.Service
	store  auth.Store
	clock  *clocktest.Clock
	hasher *countingHasher
}

func newFixture(t *testing.T, store auth.Store, opts auth.Options) *fixture {
	t.Helper()
	f := &fixture{store: store, clock: clocktest.New(time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)), hasher: newCountingHasher()}
	opts.Hasher = f.hasher
	f.svc = auth.NewService(store, f.clock.Now, opts)
	return f
}

// Passwords that pass the policy.
const (
	goodPassword  = "correct horse battery staple"
	otherPassword = "tangerine viaduct marmalade"
)

// instance returns a fixture over another store that shares f's clock, as a
// second instance of claimtrack would.
func (f *fixture) instance(t *testing.T, store auth.Store, opts auth.Options) *fixture {
	t.Helper()
	g := &fixture{store: store, clock: f.clock, hasher: newCountingHasher()}
	opts.Hasher = g.hasher
	g.svc = auth.NewService(store, g.clock.Now, opts)
	return g
}

func (f *fixture) mustUser(t *testing.T, email string, role auth.Role) *auth.User {
	t.Helper()
	u, err := f.svc.CreateUser(t.Context(), email, "Name of "+email, role, goodPassword)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func (f *fixture) mustLogin(t *testing.T, email, password, addr string) *auth.Session {
	t.Helper()
	sess, _, err := f.svc.Login(t.Context(), email, password, addr)
	if err != nil {
		t.Fatalf("Login(%s): %v", email, err)
	}
	return sess
}

// openStore opens another connection to a migrated database, as a second
// instance of claimtrack would.
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn, store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// wantCode fails t unless err is a *claims.Error with code want.
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := claims.ErrorCode(err); got != want {
		t.Fatalf("error = %v (code %q), want code %q", err, got, want)
	}
}
