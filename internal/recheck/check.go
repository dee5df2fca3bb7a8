package recheck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/recheck/policy"
)

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
