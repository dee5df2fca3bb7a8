package auth

import (
	"sync"
	"time"
)

// Options tunes the Service. Zero fields take the defaults below.
type Options struct {
	// Hasher hashes passwords; nil is BcryptHasher with DefaultBcryptCost.
	Hasher Hasher
	// SessionTTL is how long a session lasts after login (default 14 days).
	SessionTTL time.Duration
	// AccountFailures is how many failed logins an account may have within
	// ThrottleWindow before further tries are refused (default 5).
	AccountFailures int
	// AddressFailures is the same for one client address (default 20: a
	// newsroom behind one NAT shares an address).
	AddressFailures int
	// ThrottleWindow is the period failures are counted over (default 15
	// minutes).
	ThrottleWindow time.Duration
	// SetupTokenTTL is how long a first-admin setup link works (default 24
	// hours).
	SetupTokenTTL time.Duration
	// TokenTouchInterval is how stale an API token's last-used time may get
	// before a use rewrites it (default 1 minute), so that a busy client
	// does not cost a write per request.
	TokenTouchInterval time.Duration
}

// Defaults for Options.
const (
	DefaultSessionTTL         = 14 * 24 * time.Hour
	DefaultAccountFailures    = 5
	DefaultAddressFailures    = 20
	DefaultThrottleWindow     = 15 * time.Minute
	DefaultSetupTokenTTL      = 24 * time.Hour
	DefaultTokenTouchInterval = time.Minute
)

func (o Options) withDefaults() Options {
	if o.Hasher == nil {
		o.Hasher = BcryptHasher{}
	}
	if o.SessionTTL <= 0 {
		o.SessionTTL = DefaultSessionTTL
	}
	if o.AccountFailures <= 0 {
		o.AccountFailures = DefaultAccountFailures
	}
	if o.AddressFailures <= 0 {
		o.AddressFailures = DefaultAddressFailures
	}
	if o.ThrottleWindow <= 0 {
		o.ThrottleWindow = DefaultThrottleWindow
	}
	if o.SetupTokenTTL <= 0 {
		o.SetupTokenTTL = DefaultSetupTokenTTL
	}
	if o.TokenTouchInterval <= 0 {
		o.TokenTouchInterval = DefaultTokenTouchInterval
	}
	return o
}

// Service manages accounts, sessions, API tokens and the first-admin setup.
type Service struct {
	store Store
	now   func() time.Time
	opts  Options

	// dummyHash is compared against when a login names an unknown email, so
	// that it costs the same hash as a wrong password and takes as long.
	// Computed on first use, not in NewService, so that commands that never
	// log anyone in do not pay for it.
	dummyOnce sync.Once
	dummyHash string
	dummyErr  error
}

// NewService returns a service over store. now may be nil for the real clock.
func NewService(store Store, now func() time.Time, opts Options) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, opts: opts.withDefaults()}
}

// Now returns the service clock's time in UTC, truncated to microseconds as
// both databases store it.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// SessionTTL returns how long a new session lasts, for the cookie's Max-Age.
func (s *Service) SessionTTL() time.Duration { return s.opts.SessionTTL }

func (s *Service) dummy() (string, error) {
	s.dummyOnce.Do(func() {
		s.dummyHash, s.dummyErr = s.opts.Hasher.Hash("dummy " + newSecret())
	})
	return s.dummyHash, s.dummyErr
}
