// Package recheck is the source re-checker: it leases the sources that are
// due, fetches each through the guarded client (package fetch), extracts its
// main text (package extract), lets the pure policy (package policy) decide
// what the check means, and records the outcome through the claims service,
// which puts every finding on the timelines of the claims linked to the
// source. It holds no SQL and no schedule of its own: internal/app runs
// Sweep from a cron job and the CLI and the API call it directly.
package recheck

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/defaults"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/recheck/policy"
)

// Defaults for Options.
const (
	// DefaultBatch is how many sources one lease takes; a sweep takes
	// batches until nothing is due.
	DefaultBatch = 100
	// DefaultMaxRecording bounds checks recording their outcome at once:
	// the database work of a check, one connection each.
	DefaultMaxRecording = 8
	// DefaultLease outlasts the slowest possible check (the fetch total
	// timeout plus the politeness queue) so that a lease only expires when
	// its sweep died.
	DefaultLease = 15 * time.Minute
)

// Options configures a Checker. Zero values mean the defaults.
type Options struct {
	// Policy holds the schedule and thresholds; zero means policy.DefaultConfig().
	Policy policy.Config
	// Concurrency bounds checks in flight; it should match the fetcher's
	// MaxConcurrent (the fetcher enforces its own limit anyway). A check
	// in flight mostly waits for its host, so this is high; the work that
	// costs CPU and memory is bounded by MaxParsing.
	Concurrency int
	// MaxParsing bounds pages being extracted at once (parsing is CPU
	// work and the larger part of a check's memory); 0 means
	// GOMAXPROCS, at least 2. Pages larger than fetch.LargeBody are
	// extracted one at a time in a lane of their own, so that they neither
	// add up in memory nor keep ordinary pages waiting.
	MaxParsing int
	Batch      int
	LeaseFor   time.Duration
	// Rand returns numbers in [0,1) for jitter; tests pin it.
	Rand func() float64
	// Now is the clock of the check times; nil means the service's clock.
	Now func() time.Time
	// ExtractVersion is the text extraction's version recorded with each
	// check; 0 means extract.Version. Tests raise it to play an upgrade.
	ExtractVersion int
	// Report, when set, hears of every check, swept or asked for, as it
	// ends (metrics).
	Report func(*Result, error)
	Logger *slog.Logger
}

// Checker checks sources and records what it finds.
type Checker struct {
	svc    *claims.Service
	client *fetch.Client
	opts   Options
	// sweeping keeps one process's sweeps from overlapping; the database
	// lease keeps sweeps of different processes apart.
	sweeping sync.Mutex
	// parsing holds a token for every page being extracted, parsingLarge
	// for the one large page, recording for every check writing its outcome.
	parsing, parsingLarge, recording chan struct{}
}

// New returns a Checker that fetches with client and records through svc.
func New(svc *claims.Service, client *fetch.Client, opts Options) *Checker {
	if opts.Now == nil {
		opts.Now = svc.Now
	}
	opts = opts.withDefaults()
	return &Checker{svc: svc, client: client, opts: opts,
		parsing: make(chan struct{}, opts.MaxParsing), parsingLarge: make(chan struct{}, 1),
		recording: make(chan struct{}, DefaultMaxRecording)}
}

// defaultOptions are the values fields left unset take.
func defaultOptions() Options {
	return Options{
		Policy:         policy.DefaultConfig(),
		Concurrency:    fetch.DefaultMaxConcurrent,
		MaxParsing:     max(2, runtime.GOMAXPROCS(0)),
		Batch:          DefaultBatch,
		LeaseFor:       DefaultLease,
		Rand:           rand.Float64,
		ExtractVersion: extract.Version,
		Logger:         slog.Default(),
	}
}

// withDefaults fills every option left unset (zero, or negative for a
// number) with its default; the constructor calls it once.
func (o Options) withDefaults() Options {
	defaults.Fill(&o, defaultOptions())
	return o
}

// Result is what one check found and recorded.
type Result struct {
	SourceID    int64
	URL         string
	State       claims.SourceState
	Events      []claims.EventKind
	StatusCode  int
	FinalURL    string
	Error       string
	TextHash    string
	Duration    time.Duration
	NextCheckAt time.Time
	CheckedAt   time.Time
	Check       *claims.CheckRecord
	// TextFromHint is true when the text was read from the elements the
	// last check remembered, without running readability.
	TextFromHint bool
}

// Summary counts what a sweep did.
type Summary struct {
	// Skipped is true when another sweep of this Checker was running.
	Skipped bool
	Checked int
	Failed  int
	Events  int
}

// CheckOne checks one source now, due or not. ENOTFOUND; EINVALID for a
// source without a URL; ECONFLICT when a check of it is running.
func (c *Checker) CheckOne(ctx context.Context, sourceID int64) (*Result, error) {
	st, err := c.svc.LeaseSource(ctx, sourceID, c.opts.LeaseFor)
	if err != nil {
		return nil, err
	}
	return c.safeCheck(ctx, st)
}
