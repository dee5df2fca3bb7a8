package auth

import (
	"context"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/defaults"
	"github.com/claimtrack/claimtrack/internal/secret"
)

// Options tunes the Service. Zero fields take the defaults below.
type Options struct {
	// Hasher hashes passwords; nil is BcryptHasher with DefaultBcryptCost.
	Hasher Hasher
	// SiteWords are the organisation's, the site's and its host's names:
	// a password made of them is guessable by anyone who knows the site,
	// so the password check counts them as known words, as it does the
	// user's name and email. "claimtrack" is always among them.
	SiteWords []string
	// SessionTTL is how long a session lasts after login (default 14 days).
	SessionTTL time.Duration
	// SessionIdle ends an editor's session unused for that long (default
	// 12 hours); AdminSessionIdle is the same for admins (default 1 hour),
	// whose sessions can do more harm.
	SessionIdle      time.Duration
	AdminSessionIdle time.Duration
	// ReauthWindow is how long after typing their password an admin may
	// administer users and webhooks without typing it again (default 10
	// minutes).
	ReauthWindow time.Duration
	// AccountFailures is how many failed logins an account may have from
	// one client (its device cookie, else its address) within
	// ThrottleWindow before that client's further tries are refused
	// (default 5). Other clients are not affected.
	AccountFailures int
	// AccountCeiling is how many failed logins an account may have from
	// all clients without its device cookie within ThrottleWindow before
	// each further try must wait: 1 second after the last failure, then
	// 2, 4 and so on up to ThrottleWindow (default 50). There is no hard
	// lock, so nobody can keep an owner out, and a browser that signed in
	// before (device cookie) is never delayed by it.
	AccountCeiling int
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
	DefaultSessionIdle        = 12 * time.Hour
	DefaultAdminSessionIdle   = time.Hour
	DefaultReauthWindow       = 10 * time.Minute
	DefaultAccountFailures    = 5
	DefaultAccountCeiling     = 50
	DefaultAddressFailures    = 20
	DefaultThrottleWindow     = 15 * time.Minute
	DefaultSetupTokenTTL      = 24 * time.Hour
	DefaultTokenTouchInterval = time.Minute
)

// defaultOptions are the values fields left unset take.
func defaultOptions() Options {
	return Options{
		Hasher:             BcryptHasher{},
		SessionTTL:         DefaultSessionTTL,
		SessionIdle:        DefaultSessionIdle,
		AdminSessionIdle:   DefaultAdminSessionIdle,
		ReauthWindow:       DefaultReauthWindow,
		AccountFailures:    DefaultAccountFailures,
		AccountCeiling:     DefaultAccountCeiling,
		AddressFailures:    DefaultAddressFailures,
		ThrottleWindow:     DefaultThrottleWindow,
		SetupTokenTTL:      DefaultSetupTokenTTL,
		TokenTouchInterval: DefaultTokenTouchInterval,
	}
}

// withDefaults fills every option left unset (zero, or negative for a
// number) with its default; the constructor calls it once.
func (o Options) withDefaults() Options {
	defaults.Fill(&o, defaultOptions())
	o.SiteWords = append([]string{"claimtrack"}, o.SiteWords...)
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

	deviceMu     sync.Mutex
	deviceSecret []byte

	onThrottled []func(ctx context.Context, u User, retry time.Duration)
}

// OnThrottled registers fn to learn when an account passes its ceiling of
// failed logins, at most once per ThrottleWindow, so that its owner can be
// told (by mail). retry is how long the next try must wait. fn runs in the
// login's request; errors are fn's to log.
func (s *Service) OnThrottled(fn func(ctx context.Context, u User, retry time.Duration)) {
	s.onThrottled = append(s.onThrottled, fn)
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

// validatePassword checks a new password against the policy, with the user's
// email and name and the site's words as known words.
func (s *Service) validatePassword(password string, userInputs ...string) error {
	return ValidatePassword(password, append(userInputs, s.opts.SiteWords...)...)
}

func (s *Service) dummy() (string, error) {
	s.dummyOnce.Do(func() {
		s.dummyHash, s.dummyErr = s.opts.Hasher.Hash("dummy " + secret.New())
	})
	return s.dummyHash, s.dummyErr
}

// byToken finds what a token stands for (find looks up the token's hash)
// and the enabled user it belongs to (userID). A token that is empty,
// unknown or no longer live, or whose user is disabled, gets refused: one
// answer for all, so that a caller learns nothing about which it was. Store
// errors pass through.
func byToken[R any](ctx context.Context, st Store, token string, find func(context.Context, string) (*R, error),
	live func(*R) bool, userID func(*R) int64, refused error) (*R, *User, error) {
	if token == "" {
		return nil, nil, refused
	}
	r, err := find(ctx, secret.Hash(token))
	if claims.IsNotFound(err) {
		return nil, nil, refused
	}
	if err != nil {
		return nil, nil, err
	}
	if !live(r) {
		return nil, nil, refused
	}
	u, err := st.UserByID(ctx, userID(r))
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, refused
	}
	return r, u, nil
}
