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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
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

// withDefaults fills every option left unset (zero, or negative for a
// number) with its default; the constructor calls it once.
func (o Options) withDefaults() Options {
	if o.Policy == (policy.Config{}) {
		o.Policy = policy.DefaultConfig()
	}
	if o.Concurrency <= 0 {
		o.Concurrency = fetch.DefaultMaxConcurrent
	}
	if o.MaxParsing <= 0 {
		o.MaxParsing = max(2, runtime.GOMAXPROCS(0))
	}
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.LeaseFor <= 0 {
		o.LeaseFor = DefaultLease
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.ExtractVersion == 0 {
		o.ExtractVersion = extract.Version
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
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

// Sweep checks every source that is due, up to Concurrency at a time, and
// reports each result to progress (which may be nil; it is called from one
// goroutine at a time). A failure or panic on one source is logged and the
// sweep goes on. A sweep started while another of this Checker runs returns
// at once with Summary.Skipped.
func (c *Checker) Sweep(ctx context.Context, progress func(*Result, error)) (Summary, error) {
	if !c.sweeping.TryLock() {
		return Summary{Skipped: true}, nil
	}
	defer c.sweeping.Unlock()
	var sum Summary
	p := c.newPool(&sum, progress)
	// The next batch is leased once every source of this one has started
	// and at most a quarter of a batch (one at least) is still in flight, not when all
	// have finished: a few hosts that hang until their timeout must not keep
	// the sources of the next batch waiting, and a leased source must not
	// wait behind more than about a batch.
	seen := map[int64]bool{}
	for ctx.Err() == nil {
		batch, err := c.svc.LeaseDueSources(ctx, c.opts.Batch, c.opts.LeaseFor)
		if err != nil {
			p.wait()
			return sum, err
		}
		fresh := batch[:0]
		for _, st := range batch {
			// A source scheduled in the past (a clock that does not move)
			// would otherwise come back in the same sweep for ever.
			if !seen[st.Source.ID] {
				seen[st.Source.ID] = true
				fresh = append(fresh, st)
			}
		}
		if len(fresh) == 0 {
			break
		}
		p.start(ctx, fresh)
		p.waitBelow(max(1, c.opts.Batch/4))
	}
	p.wait()
	return sum, ctx.Err()
}

// SweepAll checks every source with a URL, due or not (claimtrack recheck
// --all). Sources being checked by someone else are skipped.
func (c *Checker) SweepAll(ctx context.Context, progress func(*Result, error)) (Summary, error) {
	if !c.sweeping.TryLock() {
		return Summary{Skipped: true}, nil
	}
	defer c.sweeping.Unlock()
	ids, err := c.svc.CheckableSourceIDs(ctx)
	if err != nil {
		return Summary{}, err
	}
	var batch []claims.SourceToCheck
	for _, id := range ids {
		st, err := c.svc.LeaseSource(ctx, id, c.opts.LeaseFor)
		if claims.ErrorCode(err) == claims.ECONFLICT {
			continue
		}
		if err != nil {
			return Summary{}, err
		}
		batch = append(batch, *st)
	}
	var sum Summary
	c.run(ctx, batch, &sum, progress)
	return sum, ctx.Err()
}

// run checks a batch with at most Concurrency checks in flight.
func (c *Checker) run(ctx context.Context, batch []claims.SourceToCheck, sum *Summary, progress func(*Result, error)) {
	p := c.newPool(sum, progress)
	p.start(ctx, batch)
	p.wait()
}

// pool runs checks with at most Concurrency in flight, adding what they
// found to one Summary.
type pool struct {
	c        *Checker
	sum      *Summary
	progress func(*Result, error)
	sem      chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	// inflight counts checks started and not ended; ended is signalled
	// whenever one ends. Both guarded by mu.
	inflight int
	ended    *sync.Cond
}

func (c *Checker) newPool(sum *Summary, progress func(*Result, error)) *pool {
	p := &pool{c: c, sum: sum, progress: progress, sem: make(chan struct{}, c.opts.Concurrency)}
	p.ended = sync.NewCond(&p.mu)
	return p
}

// waitBelow returns once at most n checks are in flight.
func (p *pool) waitBelow(n int) {
	p.mu.Lock()
	for p.inflight > n {
		p.ended.Wait()
	}
	p.mu.Unlock()
}

// start returns once every source of batch has started its check.
func (p *pool) start(ctx context.Context, batch []claims.SourceToCheck) {
	c := p.c
	for i := range batch {
		st := &batch[i]
		p.sem <- struct{}{}
		p.mu.Lock()
		p.inflight++
		p.mu.Unlock()
		p.wg.Go(func() {
			defer func() { <-p.sem }()
			res, err := c.safeCheck(ctx, st)
			p.mu.Lock()
			defer p.mu.Unlock()
			p.inflight--
			p.ended.Broadcast()
			switch {
			case errors.Is(err, ErrLeaseLost):
				p.sum.Failed++
				c.opts.Logger.Warn("re-check dropped", "source_id", st.Source.ID, "url", st.Source.URL, "err", err)
			case err != nil:
				p.sum.Failed++
				c.opts.Logger.Error("re-check failed", "source_id", st.Source.ID, "url", st.Source.URL, "err", err)
			default:
				p.sum.Checked++
				p.sum.Events += len(res.Events)
			}
			if p.progress != nil {
				p.progress(res, err)
			}
		})
	}
}

// wait returns when every check started has ended; it may be called again.
func (p *pool) wait() { p.wg.Wait() }

// safeCheck turns a panic in one check into an error, so that one hostile
// page cannot end the sweep.
func (c *Checker) safeCheck(ctx context.Context, st *claims.SourceToCheck) (res *Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("re-check of source %d panicked: %v", st.Source.ID, p)
		}
		if c.opts.Report != nil {
			c.opts.Report(res, err)
		}
	}()
	return c.check(ctx, st)
}

// ErrLeaseLost is the error of a check dropped because the source's lease
// ran out first.
var ErrLeaseLost = errors.New("re-check lease lost")

// check fetches, extracts, decides and records one leased source.
func (c *Checker) check(ctx context.Context, st *claims.SourceToCheck) (*Result, error) {
	src := st.Source
	at := c.opts.Now().UTC().Truncate(time.Microsecond)
	// The source is this sweep's only while its lease lasts: after that
	// another sweep (another instance) may take it, so a fetch still
	// waiting for its turn at a busy host by then is dropped unrecorded
	// rather than made twice. The lease is on the service's clock; the
	// time left of it is what bounds the fetch.
	fctx := ctx
	if !st.LeaseUntil.IsZero() {
		var cancel context.CancelFunc
		fctx, cancel = context.WithTimeout(ctx, st.LeaseUntil.Sub(c.svc.Now()))
		defer cancel()
	}
	res, ferr := c.client.Get(fctx, src.URL, fetch.Conditional{ETag: st.Check.ETag, LastModified: st.Check.LastModified})
	if res != nil {
		// The page may wait for a parsing turn: hold only what is parsed.
		res.Body = extract.Keep(res.Body, res.ContentType)
	}
	if ferr != nil && ctx.Err() != nil {
		// Shutting down says nothing about the source; its lease expires.
		return nil, ctx.Err()
	}
	if ferr != nil && fctx.Err() != nil {
		return nil, fmt.Errorf("source %d: its lease ran out before the fetch finished; whoever takes it next checks it: %w", src.ID, ErrLeaseLost)
	}
	ob, err := c.observe(ctx, st, at, res, ferr)
	if err != nil {
		return nil, err
	}

	// Recording is database work: at most MaxRecording checks do it at
	// once, so that many checks in flight do not take as many connections.
	select {
	case c.recording <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.recording }()
	d := policy.Decide(c.opts.Policy, policyState(st), ob.out, c.opts.Rand)
	rec := ob.rec
	rec.State = d.Next.State
	switch {
	case ob.out.BotWall:
		rec.Finding = claims.FindingBotWall
	case d.SoftNotFound:
		rec.Finding = claims.FindingSoft404
	}
	in := claims.RecordCheckInput{Prev: src.State, Check: rec, Next: checkState(st.Check, d, res, ferr),
		Events: d.Events, NeedsReview: policy.NeedsReview}
	// The layout is remembered from pages that are the article, like the
	// watches below read them; a bot wall or the home page a pulled story
	// redirects to must not replace it.
	if ob.hasText && (d.Next.State == claims.SourceLive || d.Next.State == claims.SourceChanged) {
		in.Next.ExtractHint = ob.doc.Hint
	}
	if ob.hasText && ob.doc.Text != "" && (d.TextChanged || d.Rebaseline) {
		in.TextGz = claims.CompressText(ob.doc.Text)
		if d.TextChanged {
			if in.Diff, err = c.diff(ctx, src.ID, ob.doc.Text); err != nil {
				return nil, err
			}
		}
	}
	// Watches read the article, so only a page that is the article: not
	// a bot wall, not the home page a pulled story redirects to.
	if ob.hasText && (d.Next.State == claims.SourceLive || d.Next.State == claims.SourceChanged) {
		list, err := c.svc.SourceSignals(ctx, src.ID, st.Claims)
		if err != nil {
			return nil, err
		}
		in.Signals = signals(list, src.ID, src.URL, ob.doc)
	}
	saved, err := c.svc.RecordCheck(ctx, src.ID, in)
	if err != nil {
		return nil, err
	}
	events := append([]claims.EventKind{}, d.Events...)
	for _, u := range in.Signals {
		for _, e := range u.Events {
			events = append(events, e.Kind)
		}
	}
	return &Result{SourceID: src.ID, URL: src.URL, State: saved.State, Events: events,
		StatusCode: saved.StatusCode, FinalURL: saved.FinalURL, Error: saved.Error, TextHash: saved.TextHash,
		Duration:    saved.Duration,
		NextCheckAt: d.NextCheckAt, CheckedAt: saved.At, Check: saved, TextFromHint: ob.doc.FromHint}, nil
}

// observation is what one fetch showed, before the policy decides what it
// means: the policy's input, the check row so far and the page's text.
type observation struct {
	out policy.Outcome
	rec claims.CheckRecord
	doc extract.Doc
	// hasText is true when doc holds the page's text (HTML or plain text
	// shown with a 2xx, and not a bot wall).
	hasText bool
}

func (c *Checker) observe(ctx context.Context, st *claims.SourceToCheck, at time.Time, res *fetch.Result, ferr error) (observation, error) {
	src := st.Source
	ob := observation{
		out: policy.Outcome{At: at, RequestedURL: src.URL, FinalURL: src.URL, ExtractVersion: c.opts.ExtractVersion},
		rec: claims.CheckRecord{At: at, ExtractVersion: c.opts.ExtractVersion},
	}
	out, rec := &ob.out, &ob.rec
	if ferr != nil {
		out.Refused, out.Err = errKind(ferr)
		rec.Error = ferr.Error()
		return ob, nil
	}
	out.StatusCode, out.NotModified, out.FinalURL, out.RetryAfter = res.StatusCode, res.NotModified, res.FinalURL, res.RetryAfter
	out.BotWall = !res.NotModified && extract.BotWall(res.StatusCode, res.Header, res.Body)
	rec.StatusCode, rec.FinalURL, rec.RemoteAddr, rec.ContentType = res.StatusCode, res.FinalURL, res.RemoteAddr, res.ContentType
	rec.Duration, rec.ETag, rec.LastModified, rec.Truncated = res.Duration, res.ETag, res.LastModified, res.Truncated
	switch {
	case res.NotModified:
		rec.TextHash = st.Check.TextHash
		return ob, nil
	case res.StatusCode < 200 || res.StatusCode > 299 || out.BotWall:
		// A wall's text is not the page's: it must neither move the
		// baseline nor be read by the watches.
		return ob, nil
	}
	doc, err := c.extract(ctx, res, st.Check.ExtractHint)
	if err != nil {
		return ob, fmt.Errorf("extract %s: %w", src.URL, err)
	}
	ob.doc = doc
	rec.Title, rec.Canonical = doc.Title, doc.Canonical
	rec.Truncated = rec.Truncated || doc.Truncated
	if doc.Kind == extract.KindHTML || doc.Kind == extract.KindText {
		ob.hasText = true
		out.TextHash = doc.Hash()
	} else {
		// A PDF or an image has no text we read, but a new file is still a
		// change worth knowing about.
		sum := sha256.Sum256(res.Body)
		out.TextHash = hex.EncodeToString(sum[:])
	}
	rec.TextHash = out.TextHash
	return ob, nil
}

// extract reads the page's text once a parsing turn of its lane is free.
func (c *Checker) extract(ctx context.Context, res *fetch.Result, hint string) (extract.Doc, error) {
	lane := c.parsing
	if len(res.Body) > fetch.LargeBody {
		lane = c.parsingLarge
	}
	select {
	case lane <- struct{}{}:
	case <-ctx.Done():
		return extract.Doc{}, ctx.Err()
	}
	defer func() { <-lane }()
	return extract.PageWithHint(res.Body, res.ContentType, res.FinalURL, hint)
}

// diff compares text with the source's last stored copy; with no copy
// stored, all of text is new.
func (c *Checker) diff(ctx context.Context, sourceID int64, text string) (*claims.TextDiff, error) {
	var old string
	snap, err := c.svc.LatestSnapshot(ctx, sourceID)
	switch {
	case err == nil:
		if old, err = claims.DecompressText(snap.TextGz); err != nil {
			return nil, fmt.Errorf("snapshot %d: %w", snap.ID, err)
		}
	case claims.ErrorCode(err) != claims.ENOTFOUND:
		return nil, err
	}
	ch := extract.Diff(old, text)
	return &claims.TextDiff{Removed: ch.Removed, Added: ch.Added}, nil
}

// errKind maps a fetch error to the policy's vocabulary.
func errKind(err error) (refused bool, kind policy.ErrKind) {
	switch k := fetch.KindOf(err); {
	case errors.Is(k, fetch.ErrRefused):
		return true, policy.ErrNone
	case errors.Is(k, fetch.ErrTimeout):
		return false, policy.ErrTimeout
	case errors.Is(k, fetch.ErrDNS):
		return false, policy.ErrDNS
	case errors.Is(k, fetch.ErrTooManyRedirects):
		return false, policy.ErrTooManyRedirects
	}
	return false, policy.ErrNetwork
}

func policyState(st *claims.SourceToCheck) policy.SourceState {
	p := policy.SourceState{
		State: st.Source.State, TextHash: st.Check.TextHash, ExtractVersion: st.Check.ExtractVersion,
		Failures: st.Check.Failures, UnchangedStreak: st.Check.UnchangedStreak, AllClaimsResolved: st.AllClaimsResolved,
	}
	if st.Check.LastChangeAt != nil {
		p.LastChangeAt = *st.Check.LastChangeAt
	}
	if st.Source.LastCheckedAt != nil {
		p.LastCheckedAt = *st.Source.LastCheckedAt
	}
	return p
}

// checkState is what to carry to the next check. Validators are kept only
// from answers that showed the page, so an error page's ETag is never sent.
func checkState(prev claims.CheckState, d policy.Decision, res *fetch.Result, ferr error) claims.CheckState {
	next := claims.CheckState{
		NextCheckAt: &d.NextCheckAt, ETag: prev.ETag, LastModified: prev.LastModified,
		TextHash: d.Next.TextHash, ExtractVersion: d.Next.ExtractVersion, ExtractHint: prev.ExtractHint,
		Failures: d.Next.Failures, UnchangedStreak: d.Next.UnchangedStreak,
	}
	if !d.Next.LastChangeAt.IsZero() {
		t := d.Next.LastChangeAt
		next.LastChangeAt = &t
	}
	if ferr == nil && (res.NotModified || res.StatusCode >= 200 && res.StatusCode < 300) {
		next.ETag, next.LastModified = res.ETag, res.LastModified
	}
	return next
}
