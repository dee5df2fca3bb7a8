package policy

import (
	"slices"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const pageURL = "https://news.example.org/2026/03/story"

// ok is a 200 answer for pageURL with the given text hash, extraction v1.
func ok(at time.Time, hash string) Outcome {
	return Outcome{At: at, StatusCode: 200, RequestedURL: pageURL, FinalURL: pageURL, TextHash: hash, ExtractVersion: 1}
}

func status(at time.Time, code int) Outcome {
	return Outcome{At: at, StatusCode: code, RequestedURL: pageURL, FinalURL: pageURL}
}

// live is a source with a baseline taken by extraction v1.
func live(hash string) SourceState {
	return SourceState{State: claims.SourceLive, TextHash: hash, ExtractVersion: 1, UnchangedStreak: 1}
}

func in(s claims.SourceState) SourceState {
	p := live("h1")
	p.State = s
	return p
}

// decide runs Decide with the default config and no jitter.
func decide(t *testing.T, prev SourceState, out Outcome) Decision {
	t.Helper()
	return Decide(DefaultConfig(), prev, out, nil)
}

func TestDecide_Rules(t *testing.T) {
	e := func(k ...claims.EventKind) []claims.EventKind { return k }
	withVersion := func(o Outcome, v int) Outcome { o.ExtractVersion = v; return o }
	redirected := func(final string) Outcome { o := ok(t0, "h1"); o.FinalURL = final; return o }
	notModified := Outcome{At: t0, StatusCode: 304, NotModified: true, RequestedURL: pageURL, FinalURL: pageURL}
	resolved := func(p SourceState) SourceState { p.AllClaimsResolved = true; return p }
	withErr := func(k ErrKind) Outcome { return Outcome{At: t0, Err: k, RequestedURL: pageURL} }
	botWall := ok(t0, "challenge")
	botWall.BotWall = true

	tests := []struct {
		name       string
		prev       SourceState
		out        Outcome
		state      claims.SourceState
		events     []claims.EventKind
		after      time.Duration
		rebaseline bool
		changed    bool
		soft404    bool
	}{
		{"refused enters refused without connecting", live("h1"), Outcome{At: t0, Refused: true, RequestedURL: pageURL}, claims.SourceRefused, e(claims.EventSourceRefused), 24 * time.Hour, false, false, false},
		{"refused again records no second event", in(claims.SourceRefused), Outcome{At: t0, Refused: true}, claims.SourceRefused, nil, 24 * time.Hour, false, false, false},
		{"first text is a baseline, not a change", SourceState{State: claims.SourceUnchecked}, ok(t0, "h1"), claims.SourceLive, nil, time.Hour, true, false, false},
		{"zero prev state counts as unchecked", SourceState{}, ok(t0, "h1"), claims.SourceLive, nil, time.Hour, true, false, false},
		{"same text is live and backs off", live("h1"), ok(t0, "h1"), claims.SourceLive, nil, 2 * time.Hour, false, false, false},
		{"new text is a change checked again in ten minutes", live("h1"), ok(t0, "h2"), claims.SourceChanged, e(claims.EventSourceChanged), 10 * time.Minute, false, true, false},
		{"changed then same text settles to live without event", in(claims.SourceChanged), ok(t0, "h1"), claims.SourceLive, nil, 2 * time.Hour, false, false, false},
		{"changed again is another change", in(claims.SourceChanged), ok(t0, "h3"), claims.SourceChanged, e(claims.EventSourceChanged), 10 * time.Minute, false, true, false},
		{"extraction version change re-baselines without source_changed", live("h1"), withVersion(ok(t0, "h2"), 2), claims.SourceLive, nil, time.Hour, true, false, false},
		{"304 is unchanged", live("h1"), notModified, claims.SourceLive, nil, 2 * time.Hour, false, false, false},
		{"page that had no text and still has none is unchanged", SourceState{State: claims.SourceLive, UnchangedStreak: 1}, ok(t0, ""), claims.SourceLive, nil, 2 * time.Hour, false, false, false},
		{"redirect to another article is moved", live("h1"), redirected("https://news.example.org/2026/03/other"), claims.SourceMoved, e(claims.EventSourceMoved), time.Hour, false, false, false},
		{"redirect to the home page is a soft 404 move", live("h1"), redirected("https://news.example.org/"), claims.SourceMoved, e(claims.EventSourceMoved), time.Hour, false, false, true},
		{"still moved backs off without event", in(claims.SourceMoved), redirected("https://news.example.org/"), claims.SourceMoved, nil, 2 * time.Hour, false, false, true},
		{"https upgrade, www and trailing slash are not a move", live("h1"), redirected("https://www.news.example.org/2026/03/story/"), claims.SourceLive, nil, 2 * time.Hour, false, false, false},
		{"timeout is unreachable and retried in half an hour", live("h1"), withErr(ErrTimeout), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"DNS failure is unreachable", live("h1"), withErr(ErrDNS), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"network failure is unreachable", live("h1"), withErr(ErrNetwork), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"redirect loop is unreachable", live("h1"), withErr(ErrTooManyRedirects), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"500 is unreachable", live("h1"), status(t0, 500), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"503 without Retry-After is unreachable", live("h1"), status(t0, 503), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"400 says nothing of the page and is unreachable", live("h1"), status(t0, 400), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 30 * time.Minute, false, false, false},
		{"unreachable again records no second event", in(claims.SourceUnreachable), status(t0, 502), claims.SourceUnreachable, nil, 30 * time.Minute, false, false, false},
		{"timeout does not bring a gone page back", in(claims.SourceGone), withErr(ErrDNS), claims.SourceGone, nil, 24 * time.Hour, false, false, false},
		{"first 404 is unreachable, not gone", live("h1"), status(t0, 404), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 24 * time.Hour, false, false, false},
		{"410 counts like 404", in(claims.SourceUnreachable), status(t0, 410), claims.SourceUnreachable, nil, 24 * time.Hour, false, false, false},
		{"404 on a gone page keeps it gone quietly", in(claims.SourceGone), status(t0, 404), claims.SourceGone, nil, 24 * time.Hour, false, false, false},
		{"401 is access blocked", live("h1"), status(t0, 401), claims.SourceAccessBlocked, e(claims.EventSourceAccessBlocked), time.Hour, false, false, false},
		{"403 is access blocked", live("h1"), status(t0, 403), claims.SourceAccessBlocked, e(claims.EventSourceAccessBlocked), time.Hour, false, false, false},
		{"451 is access blocked", live("h1"), status(t0, 451), claims.SourceAccessBlocked, e(claims.EventSourceAccessBlocked), time.Hour, false, false, false},
		{"bot wall served with 200 is access blocked", live("h1"), botWall, claims.SourceAccessBlocked, e(claims.EventSourceAccessBlocked), time.Hour, false, false, false},
		{"blocked again backs off quietly", in(claims.SourceAccessBlocked), status(t0, 403), claims.SourceAccessBlocked, nil, 2 * time.Hour, false, false, false},
		{"403 does not bring a gone page back", in(claims.SourceGone), status(t0, 403), claims.SourceGone, nil, 24 * time.Hour, false, false, false},
		{"429 without Retry-After waits half an hour quietly", live("h1"), status(t0, 429), claims.SourceLive, nil, 30 * time.Minute, false, false, false},
		{"unreachable page back unchanged is recovered", in(claims.SourceUnreachable), ok(t0, "h1"), claims.SourceLive, e(claims.EventSourceRecovered), 2 * time.Hour, false, false, false},
		{"unreachable page back with 304 is recovered", in(claims.SourceUnreachable), notModified, claims.SourceLive, e(claims.EventSourceRecovered), 2 * time.Hour, false, false, false},
		{"gone page back edited is recovered then changed", in(claims.SourceGone), ok(t0, "h2"), claims.SourceChanged, e(claims.EventSourceRecovered, claims.EventSourceChanged), 10 * time.Minute, false, true, false},
		{"blocked page back is recovered", in(claims.SourceAccessBlocked), ok(t0, "h1"), claims.SourceLive, e(claims.EventSourceRecovered), 2 * time.Hour, false, false, false},
		{"refused page allowed again is recovered", in(claims.SourceRefused), ok(t0, "h1"), claims.SourceLive, e(claims.EventSourceRecovered), 2 * time.Hour, false, false, false},
		{"moved page back at its address is recovered", in(claims.SourceMoved), ok(t0, "h1"), claims.SourceLive, e(claims.EventSourceRecovered), 2 * time.Hour, false, false, false},
		{"moved page moving elsewhere is not recovered", in(claims.SourceMoved), redirected("https://other.example.net/x"), claims.SourceMoved, nil, 2 * time.Hour, false, false, false},
		{"resolved claims slow an unchanged source to weekly", resolved(live("h1")), ok(t0, "h1"), claims.SourceLive, nil, 7 * 24 * time.Hour, false, false, false},
		{"resolved claims slow an unreachable source to weekly", resolved(live("h1")), withErr(ErrTimeout), claims.SourceUnreachable, e(claims.EventSourceUnreachable), 7 * 24 * time.Hour, false, false, false},
		{"resolved claims still get the ten-minute follow-up after a change", resolved(live("h1")), ok(t0, "h2"), claims.SourceChanged, e(claims.EventSourceChanged), 10 * time.Minute, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decide(t, tt.prev, tt.out)
			if d.Next.State != tt.state {
				t.Errorf("state = %q, want %q", d.Next.State, tt.state)
			}
			if !slices.Equal(d.Events, tt.events) {
				t.Errorf("events = %v, want %v", d.Events, tt.events)
			}
			if got := d.NextCheckAt.Sub(tt.out.At); got != tt.after {
				t.Errorf("next check after %s, want %s", got, tt.after)
			}
			if d.Rebaseline != tt.rebaseline || d.TextChanged != tt.changed || d.SoftNotFound != tt.soft404 {
				t.Errorf("rebaseline, changed, soft404 = %v, %v, %v; want %v, %v, %v",
					d.Rebaseline, d.TextChanged, d.SoftNotFound, tt.rebaseline, tt.changed, tt.soft404)
			}
			if !d.Next.LastCheckedAt.Equal(tt.out.At) {
				t.Errorf("LastCheckedAt = %s, want %s", d.Next.LastCheckedAt, tt.out.At)
			}
		})
	}
}

func TestDecide_ChangeAndBaselineUpdateTheStoredText(t *testing.T) {
	d := decide(t, live("h1"), ok(t0, "h2"))
	if d.Next.TextHash != "h2" || !d.Next.LastChangeAt.Equal(t0) || d.Next.UnchangedStreak != 0 {
		t.Errorf("after a change: hash %q, last change %s, streak %d", d.Next.TextHash, d.Next.LastChangeAt, d.Next.UnchangedStreak)
	}
	o := ok(t0, "h9")
	o.ExtractVersion = 2
	d = decide(t, live("h1"), o)
	if d.Next.TextHash != "h9" || d.Next.ExtractVersion != 2 || !d.Next.LastChangeAt.IsZero() {
		t.Errorf("after a re-baseline: hash %q, version %d, last change %s", d.Next.TextHash, d.Next.ExtractVersion, d.Next.LastChangeAt)
	}
	d = decide(t, live("h1"), Outcome{At: t0, StatusCode: 200, RequestedURL: pageURL, FinalURL: "https://news.example.org/", TextHash: "home"})
	if d.Next.TextHash != "h1" {
		t.Errorf("a move replaced the article's baseline with %q", d.Next.TextHash)
	}
}

func TestDecide_UnchangedBacksOffToADayAndAChangeBringsItBackToTenMinutes(t *testing.T) {
	now := t0
	st := SourceState{State: claims.SourceUnchecked}
	step := func(hash string) time.Duration {
		t.Helper()
		d := decide(t, st, ok(now, hash))
		st = d.Next
		wait := d.NextCheckAt.Sub(now)
		now = d.NextCheckAt // the controllable clock moves to the due time
		return wait
	}
	var got []time.Duration
	got = append(got, step("a")) // baseline
	for range 8 {
		got = append(got, step("a"))
	}
	got = append(got, step("b")) // a change
	got = append(got, step("b"), step("b"))
	h := time.Hour
	want := []time.Duration{h, 2 * h, 4 * h, 8 * h, 16 * h, 24 * h, 24 * h, 24 * h, 24 * h, 10 * time.Minute, h, 2 * h}
	if !slices.Equal(got, want) {
		t.Errorf("intervals = %v\nwant        %v", got, want)
	}
}

func TestDecide_NotFoundIsGoneOnlyAfterThreeFailuresSpanning72Hours(t *testing.T) {
	h := time.Hour
	type check struct {
		at   time.Duration // after t0
		out  func(time.Time) Outcome
		want claims.SourceState
	}
	nf := func(at time.Time) Outcome { return status(at, 404) }
	gone410 := func(at time.Time) Outcome { return status(at, 410) }
	timeout := func(at time.Time) Outcome { return Outcome{At: at, Err: ErrTimeout} }
	page := func(at time.Time) Outcome { return ok(at, "h1") }
	U, G, L := claims.SourceUnreachable, claims.SourceGone, claims.SourceLive
	tests := []struct {
		name   string
		checks []check
	}{
		{"three within a day stay unreachable; one at 72 h makes it gone", []check{
			{0, nf, U}, {1 * h, nf, U}, {23 * h, nf, U}, {72 * h, nf, G}}},
		{"three spread over exactly 72 h are gone at the third", []check{
			{0, nf, U}, {36 * h, gone410, U}, {72 * h, nf, G}}},
		{"three spread over a minute less than 72 h are not gone", []check{
			{0, nf, U}, {36 * h, nf, U}, {72*h - time.Minute, nf, U}}},
		{"two failures over a week are not enough", []check{
			{0, nf, U}, {7 * 24 * h, nf, U}}},
		{"a success in between starts the count again", []check{
			{0, nf, U}, {36 * h, page, L}, {48 * h, nf, U}, {72 * h, nf, U}, {119 * h, nf, U}, {120 * h, nf, G}}},
		{"a timeout in between neither counts nor clears", []check{
			{0, nf, U}, {30 * h, timeout, U}, {36 * h, nf, U}, {72 * h, nf, G}}},
		{"a gone page that answers again is recovered", []check{
			{0, nf, U}, {36 * h, nf, U}, {72 * h, nf, G}, {96 * h, nf, G}, {120 * h, page, L}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := live("h1")
			var events []claims.EventKind
			for i, c := range tt.checks {
				d := decide(t, st, c.out(t0.Add(c.at)))
				st = d.Next
				events = append(events, d.Events...)
				if st.State != c.want {
					t.Fatalf("check %d at +%s: state %q, want %q", i+1, c.at, st.State, c.want)
				}
				if len(st.Failures) > DefaultConfig().GoneChecks {
					t.Fatalf("check %d: %d failure times kept, want at most %d", i+1, len(st.Failures), DefaultConfig().GoneChecks)
				}
			}
			if n := count(events, claims.EventSourceGone); n > 1 {
				t.Errorf("source_gone recorded %d times", n)
			}
		})
	}
}

func TestDecide_DailyNotFoundForAYearKeepsFailuresBounded(t *testing.T) {
	st := live("h1")
	for day := range 365 {
		st = decide(t, st, status(t0.Add(time.Duration(day)*24*time.Hour), 404)).Next
	}
	if st.State != claims.SourceGone || len(st.Failures) != 3 || !st.Failures[0].Equal(t0) {
		t.Errorf("state %q, failures %v", st.State, st.Failures)
	}
}

func TestDecide_BlockedAndRateLimitedAreNeverGone(t *testing.T) {
	wall := func(at time.Time) Outcome { o := status(at, 404); o.BotWall = true; return o }
	tests := []struct {
		name string
		out  func(time.Time) Outcome
	}{
		{"403", func(at time.Time) Outcome { return status(at, 403) }},
		{"401", func(at time.Time) Outcome { return status(at, 401) }},
		{"451", func(at time.Time) Outcome { return status(at, 451) }},
		{"bot wall answered with 404", wall},
		{"429", func(at time.Time) Outcome { return status(at, 429) }},
		{"429 with Retry-After", func(at time.Time) Outcome { o := status(at, 429); o.RetryAfter = time.Hour; return o }},
		{"503 with Retry-After", func(at time.Time) Outcome { o := status(at, 503); o.RetryAfter = time.Minute; return o }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := live("h1")
			var events []claims.EventKind
			for i := range 200 {
				d := decide(t, st, tt.out(t0.Add(time.Duration(i)*12*time.Hour)))
				st = d.Next
				events = append(events, d.Events...)
			}
			if st.State == claims.SourceGone || len(st.Failures) != 0 {
				t.Errorf("after 200 checks over 100 days: state %q, %d failures", st.State, len(st.Failures))
			}
			if slices.Contains(events, claims.EventSourceGone) || len(events) > 1 {
				t.Errorf("events %v, want at most one entry into a state", events)
			}
		})
	}
}

func TestDecide_RetryAfterReschedulesWithoutEventOrFailure(t *testing.T) {
	prev := live("h1")
	prev.Failures = []time.Time{t0.Add(-time.Hour)}
	prev.UnchangedStreak = 4
	tests := []struct {
		name  string
		code  int
		after time.Duration
		want  time.Duration
	}{
		{"429 asks for two hours", 429, 2 * time.Hour, 2 * time.Hour},
		{"503 asks for ninety seconds", 503, 90 * time.Second, 90 * time.Second},
		{"a year is bounded to a day", 429, 365 * 24 * time.Hour, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := status(t0, tt.code)
			o.RetryAfter = tt.after
			d := Decide(DefaultConfig(), prev, o, func() float64 { return 1 })
			if !d.NextCheckAt.Equal(t0.Add(tt.want)) {
				t.Errorf("next check at %s, want %s", d.NextCheckAt, t0.Add(tt.want))
			}
			if len(d.Events) != 0 || d.Next.State != prev.State || d.Next.UnchangedStreak != prev.UnchangedStreak ||
				!slices.Equal(d.Next.Failures, prev.Failures) || d.Rebaseline || d.TextChanged {
				t.Errorf("decision changed more than the schedule: %+v", d)
			}
		})
	}
}

func TestDecide_ExtractionUpgradeRebaselinesThenReportsRealChanges(t *testing.T) {
	st := SourceState{State: claims.SourceUnchecked}
	steps := []struct {
		hash    string
		version int
		rebase  bool
		events  []claims.EventKind
	}{
		{"a1", 1, true, nil},
		{"a1", 1, false, nil},
		{"a2", 2, true, nil}, // same page, new extractor: a new hash that is not the outlet's doing
		{"a2", 2, false, nil},
		{"b2", 2, false, []claims.EventKind{claims.EventSourceChanged}},
	}
	for i, s := range steps {
		o := ok(t0.Add(time.Duration(i)*time.Hour), s.hash)
		o.ExtractVersion = s.version
		d := decide(t, st, o)
		st = d.Next
		if d.Rebaseline != s.rebase || !slices.Equal(d.Events, s.events) {
			t.Errorf("step %d: rebaseline %v events %v, want %v %v", i+1, d.Rebaseline, d.Events, s.rebase, s.events)
		}
	}
}

func TestDecide_JitterStaysWithinItsFraction(t *testing.T) {
	cfg := DefaultConfig()
	tests := []struct {
		name string
		rnd  float64
		want time.Duration
	}{
		{"rnd 0 is the earliest", 0, 2*time.Hour - 12*time.Minute},
		{"rnd 1 is the latest", 1, 2*time.Hour + 12*time.Minute},
		{"rnd 0.5 is the interval itself", 0.5, 2 * time.Hour},
		{"rnd below 0 is clamped", -3, 2*time.Hour - 12*time.Minute},
		{"rnd above 1 is clamped", 7, 2*time.Hour + 12*time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(cfg, live("h1"), ok(t0, "h1"), func() float64 { return tt.rnd })
			if got := d.NextCheckAt.Sub(t0); got != tt.want {
				t.Errorf("next check after %s, want %s", got, tt.want)
			}
		})
	}
	// Every interval kind, both extremes: never outside ± the fraction.
	outs := []Outcome{ok(t0, "h1"), ok(t0, "h2"), status(t0, 404), status(t0, 500), status(t0, 403), {At: t0, Refused: true}}
	for _, o := range outs {
		mid := Decide(cfg, live("h1"), o, nil).NextCheckAt.Sub(t0)
		for _, r := range []float64{0, 0.25, 0.75, 1} {
			got := Decide(cfg, live("h1"), o, func() float64 { return r }).NextCheckAt.Sub(t0)
			lo, hi := time.Duration(float64(mid)*0.9), time.Duration(float64(mid)*1.1)
			if got < lo || got > hi {
				t.Errorf("status %d rnd %v: %s outside [%s, %s]", o.StatusCode, r, got, lo, hi)
			}
		}
	}
}

func TestDecide_LeavesThePreviousFailuresUntouched(t *testing.T) {
	f := make([]time.Time, 3, 10)
	for i := range f {
		f[i] = t0.Add(time.Duration(i) * time.Hour)
	}
	prev := live("h1")
	prev.Failures = f
	want := slices.Clone(f)
	// Spare capacity is where an append would write unseen.
	Decide(DefaultConfig(), prev, status(t0.Add(100*time.Hour), 404), nil)
	if !slices.Equal(f, want) || !slices.Equal(f[:cap(f)][3:4], []time.Time{{}}) {
		t.Errorf("Decide wrote into the caller's failures: %v", f[:cap(f)])
	}
}

func TestDue_ZeroTimeAndPastAreDueFutureIsNot(t *testing.T) {
	tests := []struct {
		name string
		next time.Time
		want bool
	}{
		{"never scheduled", time.Time{}, true},
		{"in the past", t0.Add(-time.Second), true},
		{"exactly now", t0, true},
		{"in the future", t0.Add(time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Due(t0, tt.next); got != tt.want {
				t.Errorf("Due = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNeedsReview_EditorFindingsButNotTransientOrEditorActions(t *testing.T) {
	want := map[claims.EventKind]bool{
		claims.EventSourceChanged: true, claims.EventSourceMoved: true, claims.EventSourceGone: true,
		claims.EventSourceAccessBlocked: true, claims.EventSourceRefused: true, claims.EventSourceRecovered: true,
		claims.EventPhraseFound: true, claims.EventPhraseGone: true, claims.EventQuoteChanged: true,
		claims.EventQuoteRemoved: true, claims.EventStatusProposed: true,
	}
	for _, k := range claims.EventKinds() {
		if got := NeedsReview(k); got != want[k] {
			t.Errorf("NeedsReview(%q) = %v, want %v", k, got, want[k])
		}
	}
	if NeedsReview(claims.EventSourceUnreachable) {
		t.Error("unreachable must not open review items")
	}
}

func TestConfigValidate_DefaultsPassNonsenseIsInvalid(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	tests := []struct {
		name  string
		field string
		edit  func(*Config)
	}{
		{"no follow-up after a change", "changed_recheck", func(c *Config) { c.ChangedRecheck = 0 }},
		{"zero back-off", "min_backoff", func(c *Config) { c.MinBackoff = 0 }},
		{"max below min", "max_backoff", func(c *Config) { c.MaxBackoff = time.Minute }},
		{"no resolved interval", "resolved_interval", func(c *Config) { c.ResolvedInterval = 0 }},
		{"no transient retry", "transient_retry", func(c *Config) { c.TransientRetry = -time.Second }},
		{"no Retry-After bound", "max_retry_after", func(c *Config) { c.MaxRetryAfter = 0 }},
		{"zero gone checks", "gone_checks", func(c *Config) { c.GoneChecks = 0 }},
		{"negative gone span", "gone_span", func(c *Config) { c.GoneSpan = -time.Hour }},
		{"jitter of a whole interval", "jitter_fraction", func(c *Config) { c.JitterFraction = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			if claims.ErrorCode(err) != claims.EINVALID {
				t.Fatalf("Validate = %v, want EINVALID", err)
			}
			if _, ok := err.(*claims.Error).Fields[tt.field]; !ok {
				t.Errorf("error %v does not name %q", err, tt.field)
			}
		})
	}
}

func count(events []claims.EventKind, k claims.EventKind) int {
	n := 0
	for _, e := range events {
		if e == k {
			n++
		}
	}
	return n
}
