package claims

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Watches are what the re-checker looks for, on a claim's behalf, in the
// sources linked to it: phrases whose appearance or disappearance matters
// ("authenticated", "Meta confirmed") and numbers that settle the claim when
// they cross a line (a petition's signature count). Quoted passages need no
// watch: every piece of evidence that quotes a source is looked for again.
type Watches struct {
	ClaimID int64
	// Version increases with every change; 0 means no watch was ever set.
	Version   int
	Phrases   []string
	Numbers   []NumberWatch
	UpdatedAt *time.Time
	UpdatedBy string
}

// NumberWatch reads a number from a source and compares it with a line.
type NumberWatch struct {
	// Label names the number for readers ("signatures").
	Label string
	// SourceID limits the watch to one linked source; nil reads every
	// linked source.
	SourceID *int64
	// Pattern is a regular expression (Go syntax) whose first group, or
	// whole match, holds the number; Selector, when set, is a CSS selector
	// whose elements' text the pattern is applied to.
	Pattern  string
	Selector string
	// Comparison is the line, such as ">= 1500".
	Comparison string
	// Propose is the status proposed to editors when the comparison starts
	// to hold; empty proposes nothing (readings are still recorded).
	Propose string
}

// Key names the watch's remembered reading. It covers what is read, not
// the line it is compared with, so moving the line keeps the reading and
// re-decides whether it holds.
func (w NumberWatch) Key() string {
	sum := sha256.Sum256([]byte(w.Selector + "\x00" + w.Pattern))
	return "number:" + hex.EncodeToString(sum[:8])
}

// AppliesTo reports whether the watch reads sourceID.
func (w NumberWatch) AppliesTo(sourceID int64) bool {
	return w.SourceID == nil || *w.SourceID == sourceID
}

// PhraseKey names a phrase watch's remembered state; phrases that differ
// only in case or spacing share it.
func PhraseKey(phrase string) string {
	return "phrase:" + strings.ToLower(strings.Join(strings.Fields(phrase), " "))
}

// QuoteKey names the remembered state of the passage evidence quotes.
func QuoteKey(evidenceID int64) string { return "quote:" + strconv.FormatInt(evidenceID, 10) }

// Signal states: what a watch last saw on one source.
const (
	SignalFound     = "found"      // a phrase or a quote is on the page
	SignalAbsent    = "absent"     // a phrase is not
	SignalChanged   = "changed"    // a quote was edited: Value holds the closest passage
	SignalRemoved   = "removed"    // a quote is gone
	SignalMet       = "met"        // a number's comparison holds: Value holds the reading
	SignalUnmet     = "unmet"      // it does not
	SignalNoReading = "no_reading" // the pattern read no number
)

// SignalState is what one watch last saw on one source of one claim; it
// lets the next check report only what is new.
type SignalState struct {
	ClaimID  int64
	SourceID int64
	Key      string
	State    string
	// Value is the sentence a phrase was found in, a quote's closest
	// passage, or a number's reading as the page wrote it.
	Value     string
	UpdatedAt time.Time
}

// SignalUpdate is a new signal state found by a check, with the events it
// gives rise to, if any.
type SignalUpdate struct {
	ClaimID int64
	Key     string
	State   string
	Value   string
	Events  []SignalEvent
}

// SignalEvent is a timeline event a signal produced.
type SignalEvent struct {
	Kind    EventKind
	Note    string
	Payload map[string]any
	// Propose is the proposed status of a status_proposed event.
	Propose string
	// Review opens a review item for the event.
	Review bool
}

// ClaimSignals is one claim's share of what a check of a source looks for.
type ClaimSignals struct {
	Claim   Claim
	Watches Watches
	// Quotes is the claim's standing evidence that quotes the source.
	Quotes []Evidence
	// States are what the claim's watches last saw on the source, by key.
	States map[string]SignalState
}

// WatchStore is what watches and signals need from storage.
type WatchStore interface {
	// WatchesByClaims returns the watches set on the given claims, by claim
	// id; claims without watches are absent.
	WatchesByClaims(ctx context.Context, claimIDs []int64) (map[int64]Watches, error)
	// SaveWatches stores w when the stored version is w.Version-1 (absent
	// counts as 0). ECONFLICT otherwise.
	SaveWatches(ctx context.Context, w Watches) error
	// SignalStates returns the states of sourceID's signals for the given
	// claims; sourceID 0 means every source.
	SignalStates(ctx context.Context, claimIDs []int64, sourceID int64) ([]SignalState, error)
	// SaveSignalState creates or replaces a state.
	SaveSignalState(ctx context.Context, st SignalState) error
	// QuotingEvidence returns the standing evidence that quotes sourceID.
	QuotingEvidence(ctx context.Context, sourceID int64) ([]Evidence, error)
	// RefetchSources makes sources due at once and forgets their validators,
	// so the next check reads the whole page.
	RefetchSources(ctx context.Context, sourceIDs []int64, now time.Time) error
}

// Limits on watches: enough for any claim, small enough that a sweep's
// work per source stays bounded.
const (
	maxPhrases    = 20
	maxPhraseLen  = 200
	maxNumbers    = 5
	maxPatternLen = 1000
	maxLabelLen   = 100
)

// WatchesInput is the whole new set of a claim's watches.
type WatchesInput struct {
	// Version is the version the editor started from; a different stored
	// version means someone else changed the watches first (ECONFLICT).
	Version int
	Phrases []string
	Numbers []NumberWatch
}

// WatchSyntax checks the parts of a number watch that the domain cannot
// parse itself (the pattern, the CSS selector, the comparison). It returns
// EINVALID naming the field at fault.
type WatchSyntax func(w NumberWatch) error

// UseWatchSyntax sets the checker of number watches' syntax. Without one,
// only their shape is checked here and a bad pattern shows up at the next
// check instead of when it is saved.
func (s *Service) UseWatchSyntax(fn WatchSyntax) { s.watchSyntax = fn }

// ClaimWatches is a claim's watches with what they last saw on each source.
type ClaimWatches struct {
	Watches Watches
	States  []SignalState
}

// Watches returns a claim's watches and their states. ENOTFOUND.
func (s *Service) Watches(ctx context.Context, claimID int64) (*ClaimWatches, error) {
	if _, err := s.store.ClaimByID(ctx, claimID); err != nil {
		return nil, err
	}
	ws, err := s.store.WatchesByClaims(ctx, []int64{claimID})
	if err != nil {
		return nil, err
	}
	w, ok := ws[claimID]
	if !ok {
		w = Watches{ClaimID: claimID}
	}
	states, err := s.store.SignalStates(ctx, []int64{claimID}, 0)
	if err != nil {
		return nil, err
	}
	return &ClaimWatches{Watches: w, States: states}, nil
}

// SetWatches replaces a claim's watches, with a watches_changed event, and
// makes the claim's sources due for a full fetch so the new watches are
// read at the next sweep. ENOTFOUND; EINVALID; ECONFLICT (with the current
// watches) when in.Version is stale.
func (s *Service) SetWatches(ctx context.Context, actor Actor, claimID int64, in WatchesInput) (*Watches, error) {
	w, err := s.normalizeWatches(claimID, in)
	if err != nil {
		return nil, err
	}
	err = s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		var err error
		linked, err := s.store.SourcesByClaim(ctx, claimID)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(linked))
		for _, l := range linked {
			ids = append(ids, l.Source.ID)
		}
		for i, n := range w.Numbers {
			if n.SourceID != nil && !contains(ids, *n.SourceID) {
				return Invalid("numbers", "number watch %d reads source %d, which is not linked to this claim", i+1, *n.SourceID)
			}
		}
		now := s.Now()
		w.UpdatedAt, w.UpdatedBy = &now, actor.Name
		if err := s.store.SaveWatches(ctx, w); err != nil {
			if ErrorCode(err) == ECONFLICT {
				if cur, cerr := s.store.WatchesByClaims(ctx, []int64{claimID}); cerr == nil {
					current := cur[claimID]
					current.ClaimID = claimID
					return &Error{Code: ECONFLICT, Message: "someone else changed these watches first", Current: current}
				}
			}
			return err
		}
		if err := s.store.RefetchSources(ctx, ids, now); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{At: now, StoryID: c.StoryID, ClaimID: ptr(c.ID), Kind: EventWatchesChanged,
			Actor: actor.Name, ActorID: actor.id(), Public: false, Note: w.describe(),
			Payload: mustJSON(map[string]any{"version": w.Version, "phrases": w.Phrases, "numbers": len(w.Numbers)})})
	})
	if err != nil {
		return nil, err
	}
	return &w, nil
}

func (s *Service) normalizeWatches(claimID int64, in WatchesInput) (Watches, error) {
	w := Watches{ClaimID: claimID, Version: in.Version + 1}
	if in.Version < 0 {
		return w, Invalid("version", "version must not be negative")
	}
	seen := map[string]bool{}
	for _, p := range in.Phrases {
		p = strings.Join(strings.Fields(p), " ")
		if p == "" || seen[PhraseKey(p)] {
			continue
		}
		if utf8.RuneCountInString(p) > maxPhraseLen {
			return w, Invalid("phrases", "a watch phrase is limited to %d characters", maxPhraseLen)
		}
		seen[PhraseKey(p)] = true
		w.Phrases = append(w.Phrases, p)
	}
	if len(w.Phrases) > maxPhrases {
		return w, Invalid("phrases", "a claim can watch at most %d phrases", maxPhrases)
	}
	if len(in.Numbers) > maxNumbers {
		return w, Invalid("numbers", "a claim can have at most %d number watches", maxNumbers)
	}
	for i, n := range in.Numbers {
		n.Label = strings.TrimSpace(n.Label)
		n.Pattern = strings.TrimSpace(n.Pattern)
		n.Selector = strings.TrimSpace(n.Selector)
		n.Comparison = strings.TrimSpace(n.Comparison)
		n.Propose = strings.TrimSpace(n.Propose)
		switch {
		case n.Pattern == "":
			return w, Invalid("numbers", "number watch %d needs a pattern that finds the number", i+1)
		case n.Comparison == "":
			return w, Invalid("numbers", "number watch %d needs a comparison such as \">= 1500\"", i+1)
		case len(n.Pattern) > maxPatternLen || len(n.Selector) > maxPatternLen:
			return w, Invalid("numbers", "number watch %d: pattern and selector are limited to %d characters", i+1, maxPatternLen)
		case utf8.RuneCountInString(n.Label) > maxLabelLen:
			return w, Invalid("numbers", "number watch %d: the label is limited to %d characters", i+1, maxLabelLen)
		}
		if n.Propose != "" {
			if _, err := s.vocab.Lookup(n.Propose); err != nil {
				return w, Invalid("numbers", "number watch %d: %s", i+1, ErrorMessage(err))
			}
		}
		if s.watchSyntax != nil {
			if err := s.watchSyntax(n); err != nil {
				return w, Invalid("numbers", "number watch %d: %s", i+1, ErrorMessage(err))
			}
		}
		if n.Label == "" {
			n.Label = "reading"
		}
		w.Numbers = append(w.Numbers, n)
	}
	return w, nil
}

// describe is the watches_changed event's note: the new set in words.
func (w Watches) describe() string {
	if len(w.Phrases) == 0 && len(w.Numbers) == 0 {
		return "Removed every watch"
	}
	var parts []string
	if len(w.Phrases) > 0 {
		q := make([]string, len(w.Phrases))
		for i, p := range w.Phrases {
			q[i] = "“" + p + "”"
		}
		parts = append(parts, "phrases "+strings.Join(q, ", "))
	}
	for _, n := range w.Numbers {
		parts = append(parts, n.Label+" "+n.Comparison)
	}
	return "Watching " + strings.Join(parts, "; ")
}

// SourceSignals returns, for every standing claim linked to a source, what
// a check of the source should look for and what it saw last time. linked
// are the claims linked to the source, as leased with it.
func (s *Service) SourceSignals(ctx context.Context, sourceID int64, linked []Claim) ([]ClaimSignals, error) {
	var ids []int64
	for _, c := range linked {
		if !c.Withdrawn {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	watches, err := s.store.WatchesByClaims(ctx, ids)
	if err != nil {
		return nil, err
	}
	quotes, err := s.store.QuotingEvidence(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	if len(watches) == 0 && len(quotes) == 0 {
		return nil, nil
	}
	states, err := s.store.SignalStates(ctx, ids, sourceID)
	if err != nil {
		return nil, err
	}
	var out []ClaimSignals
	for _, c := range linked {
		if c.Withdrawn {
			continue
		}
		cs := ClaimSignals{Claim: c, Watches: watches[c.ID], States: map[string]SignalState{}}
		for _, e := range quotes {
			if e.ClaimID == c.ID {
				cs.Quotes = append(cs.Quotes, e)
			}
		}
		for _, st := range states {
			if st.ClaimID == c.ID {
				cs.States[st.Key] = st
			}
		}
		if len(cs.Watches.Phrases)+len(cs.Watches.Numbers)+len(cs.Quotes) > 0 {
			out = append(out, cs)
		}
	}
	return out, nil
}

func contains(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}
