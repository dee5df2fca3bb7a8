package policy

import (
	"net/http"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Decide applies one check's outcome to a source's previous state. cfg is
// assumed valid (see Config.Validate); rnd returns values in [0, 1] for the
// jitter, and nil means none.
//
// The rules, in the order they are tried:
//   - Refused: state refused (no connection was made); retried daily in case
//     the address or the settings change.
//   - 429, or 503 with Retry-After: rescheduled at At+RetryAfter (at most
//     MaxRetryAfter; TransientRetry when the server gave none), not a
//     failure, state and events untouched.
//   - 401, 403, 451 or a bot wall: access_blocked, backing off like an
//     unchanged page. Never proof of gone, so it never counts as a failure.
//   - Timeouts, network and DNS errors, redirect loops, 5xx and statuses that
//     say nothing about the page: unreachable, retried after TransientRetry.
//   - 404 and 410: a failure; gone once GoneChecks failures span GoneSpan,
//     unreachable until then.
//   - 2xx and 304: failures cleared; moved when the final URL differs (see
//     moved), otherwise live, or changed when the text hash differs from the
//     baseline. The first text and the first text after an extraction change
//     are baselines, never changes.
//
// gone is left only by a response that shows the page (2xx or 304): a
// domain that stopped resolving or a wall put up in front of a dead page
// does not bring it back. Events are recorded when a state is entered, not
// on every check that finds it again, and source_recovered precedes
// source_changed when a page comes back edited.
func Decide(cfg Config, prev SourceState, out Outcome, rnd func() float64) Decision {
	if prev.State == "" {
		prev.State = claims.SourceUnchecked
	}
	d := Decision{Next: prev}
	d.Next.LastCheckedAt = out.At
	d.Next.Failures = append([]time.Time(nil), prev.Failures...)

	switch {
	case out.Refused:
		d.enter(prev.State, claims.SourceRefused, claims.EventSourceRefused)
		d.Next.UnchangedStreak = 0
		return d.schedule(cfg, out.At, cfg.MaxBackoff, rnd)

	case out.Err == ErrNone && rateLimited(out):
		wait := out.RetryAfter
		if wait <= 0 {
			wait = cfg.TransientRetry
		}
		wait = min(wait, cfg.MaxRetryAfter)
		if prev.AllClaimsResolved {
			wait = max(wait, cfg.ResolvedInterval)
		}
		// The server named the time; jitter would only make us early.
		d.NextCheckAt = out.At.Add(wait)
		return d

	case out.Err == ErrNone && blocked(out):
		if prev.State == claims.SourceGone {
			return d.schedule(cfg, out.At, cfg.MaxBackoff, rnd)
		}
		d.quietOrEnter(prev, claims.SourceAccessBlocked, claims.EventSourceAccessBlocked)
		return d.schedule(cfg, out.At, backoff(cfg, d.Next.UnchangedStreak), rnd)

	case out.Err == ErrNone && (out.StatusCode == http.StatusNotFound || out.StatusCode == http.StatusGone):
		return d.notFound(cfg, prev, out, rnd)

	case out.Err == ErrNone && (out.NotModified || ok2xx(out.StatusCode)):
		return d.success(cfg, prev, out, rnd)
	}

	// Everything else tells us nothing about the page itself.
	d.Next.UnchangedStreak = 0
	if prev.State == claims.SourceGone {
		return d.schedule(cfg, out.At, cfg.MaxBackoff, rnd)
	}
	d.enter(prev.State, claims.SourceUnreachable, claims.EventSourceUnreachable)
	return d.schedule(cfg, out.At, cfg.TransientRetry, rnd)
}

// notFound records a 404/410 and decides whether the page is gone yet.
func (d Decision) notFound(cfg Config, prev SourceState, out Outcome, rnd func() float64) Decision {
	d.Next.UnchangedStreak = 0
	d.Next.Failures = trimFailures(append(d.Next.Failures, out.At), cfg.GoneChecks)
	f := d.Next.Failures
	if prev.State == claims.SourceGone ||
		(len(f) >= cfg.GoneChecks && f[len(f)-1].Sub(f[0]) >= cfg.GoneSpan) {
		d.enter(prev.State, claims.SourceGone, claims.EventSourceGone)
		return d.schedule(cfg, out.At, cfg.MaxBackoff, rnd)
	}
	d.enter(prev.State, claims.SourceUnreachable, claims.EventSourceUnreachable)
	// Spread the confirming checks over the span instead of asking a
	// missing page every half hour; one more check lands just past it.
	every := cfg.GoneSpan / time.Duration(max(cfg.GoneChecks, 1))
	return d.schedule(cfg, out.At, min(max(every, cfg.TransientRetry), cfg.MaxBackoff), rnd)
}

// success handles a response that shows a page: moved, changed or live.
func (d Decision) success(cfg Config, prev SourceState, out Outcome, rnd func() float64) Decision {
	d.Next.Failures = nil
	if isMoved, soft := moved(out.RequestedURL, out.FinalURL); isMoved {
		// The baseline stays that of the article: the page we landed on
		// (often the home page) is not what the claims rest on.
		d.SoftNotFound = soft
		d.quietOrEnter(prev, claims.SourceMoved, claims.EventSourceMoved)
		return d.schedule(cfg, out.At, backoff(cfg, d.Next.UnchangedStreak), rnd)
	}

	var changed bool
	switch {
	case out.NotModified, prev.TextHash == "" && out.TextHash == "":
	case prev.TextHash == "" || out.ExtractVersion != prev.ExtractVersion:
		d.Rebaseline = true
	case out.TextHash != prev.TextHash:
		changed = true
	}

	switch prev.State {
	case claims.SourceUnreachable, claims.SourceGone, claims.SourceAccessBlocked,
		claims.SourceRefused, claims.SourceMoved:
		d.Events = append(d.Events, claims.EventSourceRecovered)
	}
	d.Next.State = claims.SourceLive

	switch {
	case changed:
		d.Next.State = claims.SourceChanged
		d.Events = append(d.Events, claims.EventSourceChanged)
		d.TextChanged = true
		d.Next.TextHash = out.TextHash
		d.Next.LastChangeAt = out.At
		d.Next.UnchangedStreak = 0
		// Unlike every other interval this one is not slowed for resolved
		// claims: an outlet editing a page tends to edit it again soon.
		d.NextCheckAt = out.At.Add(jitter(cfg, cfg.ChangedRecheck, rnd))
		return d
	case d.Rebaseline:
		d.Next.TextHash = out.TextHash
		d.Next.ExtractVersion = out.ExtractVersion
		d.Next.UnchangedStreak = 1
	default:
		d.Next.UnchangedStreak = prev.UnchangedStreak + 1
	}
	return d.schedule(cfg, out.At, backoff(cfg, d.Next.UnchangedStreak), rnd)
}

// enter moves to state s, recording ev only when the source was not in s.
func (d *Decision) enter(prev, s claims.SourceState, ev claims.EventKind) {
	if prev != s {
		d.Events = append(d.Events, ev)
	}
	d.Next.State = s
}

// quietOrEnter is enter for states that back off while they last: finding
// the same state again lengthens the streak, entering it starts one.
func (d *Decision) quietOrEnter(prev SourceState, s claims.SourceState, ev claims.EventKind) {
	if prev.State == s {
		d.Next.UnchangedStreak = prev.UnchangedStreak + 1
	} else {
		d.Next.UnchangedStreak = 1
	}
	d.enter(prev.State, s, ev)
}

// schedule sets NextCheckAt after interval, slowed to the weekly interval
// when all claims are resolved, and jittered.
func (d Decision) schedule(cfg Config, at time.Time, interval time.Duration, rnd func() float64) Decision {
	if d.Next.AllClaimsResolved {
		interval = max(interval, cfg.ResolvedInterval)
	}
	d.NextCheckAt = at.Add(jitter(cfg, interval, rnd))
	return d
}

// backoff is MinBackoff doubled for every quiet check after the first,
// capped at MaxBackoff.
func backoff(cfg Config, streak int) time.Duration {
	d := cfg.MinBackoff
	for i := 1; i < streak && d < cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, cfg.MaxBackoff)
}

// jitter moves d by up to ± JitterFraction of itself: rnd 0 gives the
// earliest time, 1 the latest, 0.5 exactly d.
func jitter(cfg Config, d time.Duration, rnd func() float64) time.Duration {
	if rnd == nil || cfg.JitterFraction == 0 {
		return d
	}
	r := min(max(rnd(), 0), 1)
	return d + time.Duration(float64(d)*cfg.JitterFraction*(2*r-1))
}

// trimFailures keeps the first failure and the latest n-1: the count test
// needs n of them, the span test the first and the last.
func trimFailures(f []time.Time, n int) []time.Time {
	n = max(n, 1)
	if len(f) <= n {
		return f
	}
	return append(f[:1], f[len(f)-(n-1):]...)
}

func rateLimited(out Outcome) bool {
	return out.StatusCode == http.StatusTooManyRequests ||
		(out.StatusCode == http.StatusServiceUnavailable && out.RetryAfter > 0)
}

func blocked(out Outcome) bool {
	switch out.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusUnavailableForLegalReasons:
		return true
	}
	return out.BotWall
}

func ok2xx(code int) bool { return code >= 200 && code < 300 }
