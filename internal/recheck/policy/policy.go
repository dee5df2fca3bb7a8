// Package policy is the re-checker's decision logic, kept pure: given what a
// source looked like before and what one check found, it returns the
// source's next state, the timeline events to record and when to check
// again. It does no I/O and reads no clock; time comes in with the Outcome
// and jitter through an injected random source, so every rule can be tested
// by moving time rather than waiting for it.
package policy

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// ErrKind classifies a check that got no HTTP response worth reading.
type ErrKind string

// Error kinds of a failed check. ErrNone means a response arrived.
const (
	ErrNone             ErrKind = ""
	ErrTimeout          ErrKind = "timeout"
	ErrNetwork          ErrKind = "network"
	ErrDNS              ErrKind = "dns"
	ErrTooManyRedirects ErrKind = "too_many_redirects"
)

// Outcome is what one check of a source found. The fetcher's result is
// mapped into it so that this package knows nothing of HTTP types.
type Outcome struct {
	// At is when the check ran; every schedule is computed from it.
	At time.Time
	// Refused means the guarded client would not fetch the URL (a private
	// address, a port not allowed): no connection was made.
	Refused bool
	// Err is set when no usable response arrived.
	Err ErrKind
	// StatusCode is the final response's status, after redirects.
	StatusCode int
	// NotModified is true for a 304 answer to a conditional request.
	NotModified bool
	// RequestedURL is the source's stored URL; FinalURL is where the
	// redirects ended.
	RequestedURL, FinalURL string
	// TextHash is the hash of the extracted main text, made by extraction
	// version ExtractVersion.
	TextHash       string
	ExtractVersion int
	// RetryAfter is the server's Retry-After, 0 when absent.
	RetryAfter time.Duration
	// BotWall is true when the page is a challenge or bot wall rather than
	// the article, whatever the status code says.
	BotWall bool
}

// SourceState is what the re-checker carries from one check of a source to
// the next.
type SourceState struct {
	State claims.SourceState
	// TextHash and ExtractVersion describe the baseline text; "" means no
	// baseline has been taken yet.
	TextHash       string
	ExtractVersion int
	LastChangeAt   time.Time
	LastCheckedAt  time.Time
	// Failures holds the times of consecutive 404/410 answers, trimmed to
	// the first and the latest GoneChecks-1: that keeps both whether there
	// were enough and the span they cover, without growing for ever while a
	// gone page is still checked.
	Failures []time.Time
	// UnchangedStreak counts consecutive checks that found nothing new (same
	// text, still moved, still blocked); it drives the back-off.
	UnchangedStreak int
	// AllClaimsResolved slows checks to the weekly ResolvedInterval.
	AllClaimsResolved bool
}

// Config holds the schedule and the thresholds of the re-checker.
type Config struct {
	// ChangedRecheck is how soon a changed source is checked again, to see
	// whether the edit has settled.
	ChangedRecheck time.Duration
	// MinBackoff and MaxBackoff bound the interval of an unchanged source,
	// which doubles at every quiet check.
	MinBackoff, MaxBackoff time.Duration
	// ResolvedInterval is the longest a source whose claims are all
	// resolved waits; such sources are checked at most this often.
	ResolvedInterval time.Duration
	// TransientRetry is how soon a source that timed out or failed with a
	// 5xx or network error is tried again: sooner than the back-off, since
	// nothing was learned.
	TransientRetry time.Duration
	// MaxRetryAfter bounds a server's Retry-After, so a hostile value cannot
	// park a source for a year.
	MaxRetryAfter time.Duration
	// GoneChecks 404/410 answers spread over at least GoneSpan make a
	// source gone (IABot's rule).
	GoneChecks int
	GoneSpan   time.Duration
	// JitterFraction spreads each interval by up to ± this fraction so that
	// a sweep's sources do not all fall due at the same moment again.
	JitterFraction float64
}

// DefaultConfig returns the default schedule: new sources at the next
// sweep, unchanged ones backing off from 1 h to 24 h, changed ones again
// after 10 minutes, settled claims weekly.
func DefaultConfig() Config {
	return Config{
		ChangedRecheck:   10 * time.Minute,
		MinBackoff:       time.Hour,
		MaxBackoff:       24 * time.Hour,
		ResolvedInterval: 7 * 24 * time.Hour,
		TransientRetry:   30 * time.Minute,
		MaxRetryAfter:    24 * time.Hour,
		GoneChecks:       3,
		GoneSpan:         72 * time.Hour,
		JitterFraction:   0.1,
	}
}

// Validate returns EINVALID naming the first setting that makes no sense.
func (c Config) Validate() error {
	switch {
	case c.ChangedRecheck <= 0:
		return claims.Invalid("changed_recheck", "the re-check after a change must be positive")
	case c.MinBackoff <= 0:
		return claims.Invalid("min_backoff", "the shortest back-off must be positive")
	case c.MaxBackoff < c.MinBackoff:
		return claims.Invalid("max_backoff", "the longest back-off (%s) is shorter than the shortest (%s)", c.MaxBackoff, c.MinBackoff)
	case c.ResolvedInterval <= 0:
		return claims.Invalid("resolved_interval", "the interval for resolved claims must be positive")
	case c.TransientRetry <= 0:
		return claims.Invalid("transient_retry", "the retry after a transient failure must be positive")
	case c.MaxRetryAfter <= 0:
		return claims.Invalid("max_retry_after", "the Retry-After bound must be positive")
	case c.GoneChecks < 1:
		return claims.Invalid("gone_checks", "at least one failed check is needed to call a source gone")
	case c.GoneSpan < 0:
		return claims.Invalid("gone_span", "the span of failed checks must not be negative")
	case c.JitterFraction < 0 || c.JitterFraction >= 1:
		return claims.Invalid("jitter_fraction", "the jitter fraction must be at least 0 and below 1")
	}
	return nil
}

// Decision is what Decide concluded from one check.
type Decision struct {
	// Next is the source's state to store.
	Next SourceState
	// Events are the timeline events to record on every linked claim, in
	// order.
	Events []claims.EventKind
	// NextCheckAt is when the source falls due again.
	NextCheckAt time.Time
	// Rebaseline asks the caller to store this check's text as the new
	// baseline without a diff: the first text of a source, or the first text
	// after claimtrack's extraction changed.
	Rebaseline bool
	// TextChanged asks the caller to store a snapshot and a diff against the
	// previous text.
	TextChanged bool
	// SoftNotFound is true when a move ended on the site's home page, which
	// is how many sites say "not found".
	SoftNotFound bool
}

// Due reports whether a source whose next check is at nextCheckAt should be
// checked at now. A zero time is due at once, so a newly linked source gets
// its baseline at the next sweep.
func Due(now, nextCheckAt time.Time) bool {
	return !nextCheckAt.After(now)
}

// NeedsReview reports whether an event of this kind opens a review item:
// findings an editor should look at. Unreachable is transient and would
// flood the queue; readings are only records until a proposal comes of them.
func NeedsReview(kind claims.EventKind) bool {
	switch kind {
	case claims.EventSourceChanged, claims.EventSourceMoved, claims.EventSourceGone,
		claims.EventSourceAccessBlocked, claims.EventSourceRefused, claims.EventSourceRecovered,
		claims.EventPhraseFound, claims.EventPhraseGone,
		claims.EventQuoteChanged, claims.EventQuoteRemoved,
		claims.EventStatusProposed:
		return true
	}
	return false
}
