package recheck

import (
	"fmt"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
)

// maxQuoted bounds the sentence or passage an event quotes.
const maxQuoted = 400

// signals compares what the claims' watches and quoted passages find in
// doc with what they found last time, and returns the new states with an
// event for each thing that is new: a phrase that appeared or went, a
// number that changed (and a status proposal when its comparison starts to
// hold), a quote that was edited or removed. The first look at a source
// reports a phrase that is there and a quote that is not, but not a phrase
// that is absent: nothing went.
func signals(list []claims.ClaimSignals, sourceID int64, pageURL string, doc extract.Doc) []claims.SignalUpdate {
	var out []claims.SignalUpdate
	for _, cs := range list {
		for _, p := range cs.Watches.Phrases {
			out = append(out, phraseSignal(cs, p, pageURL, doc.Text))
		}
		for _, n := range cs.Watches.Numbers {
			if n.AppliesTo(sourceID) {
				out = append(out, numberSignal(cs, n, pageURL, doc))
			}
		}
		for _, e := range cs.Quotes {
			out = append(out, quoteSignal(cs, e, pageURL, doc.Text))
		}
	}
	return out
}

func phraseSignal(cs claims.ClaimSignals, phrase, pageURL, text string) claims.SignalUpdate {
	key := claims.PhraseKey(phrase)
	prev, seen := cs.States[key]
	u := claims.SignalUpdate{ClaimID: cs.Claim.ID, Key: key, State: claims.SignalAbsent}
	sentence, found := extract.FindPhrase(text, phrase)
	payload := map[string]any{"phrase": phrase, "url": pageURL}
	switch {
	case found:
		u.State, u.Value = claims.SignalFound, clip(sentence)
		if !seen || prev.State != claims.SignalFound {
			payload["sentence"] = u.Value
			u.Events = append(u.Events, claims.SignalEvent{Kind: claims.EventPhraseFound, Review: true, Payload: payload,
				Note: fmt.Sprintf("“%s” now appears: “%s”", phrase, u.Value)})
		}
	case seen && prev.State == claims.SignalFound:
		payload["sentence"] = prev.Value
		u.Events = append(u.Events, claims.SignalEvent{Kind: claims.EventPhraseGone, Review: true, Payload: payload,
			Note: fmt.Sprintf("“%s” no longer appears; it was in: “%s”", phrase, prev.Value)})
	}
	return u
}

func numberSignal(cs claims.ClaimSignals, n claims.NumberWatch, pageURL string, doc extract.Doc) claims.SignalUpdate {
	key := n.Key()
	prev, seen := cs.States[key]
	u := claims.SignalUpdate{ClaimID: cs.Claim.ID, Key: key, State: claims.SignalNoReading}
	v, raw, err := extract.ReadNumber(doc, n.Pattern, n.Selector)
	if err != nil {
		// A page that does not show the number this time (a redesign, an
		// error page served with 200) says nothing about it: the last
		// reading stands, so its coming back is not news. A watch that has
		// never read anything says so on the editor page.
		if seen {
			u.State, u.Value = prev.State, prev.Value
		}
		return u
	}
	cmp, err := extract.ParseComparison(n.Comparison)
	if err != nil {
		return u
	}
	met := cmp.Holds(v)
	u.State, u.Value = claims.SignalUnmet, raw
	if met {
		u.State = claims.SignalMet
	}
	wasMet := seen && prev.State == claims.SignalMet
	valueChanged := !seen || prev.Value != raw
	if !valueChanged && met == wasMet {
		return u
	}
	reading := raw
	if seen && prev.Value != "" && prev.Value != raw {
		reading = prev.Value + " → " + raw
	}
	payload := map[string]any{"label": n.Label, "value": v, "text": raw, "comparison": cmp.String(), "met": met, "url": pageURL}
	if seen && prev.Value != "" {
		payload["previous"] = prev.Value
	}
	note := fmt.Sprintf("%s: %s (%s %s)", n.Label, reading, cmp.String(), holds(met))
	// A flip opens a review item: to propose a status when the line is
	// crossed, or, when it is crossed back, to tell the editor who may
	// have accepted the earlier proposal.
	flipped := met != wasMet
	u.Events = append(u.Events, claims.SignalEvent{Kind: claims.EventReadingRecorded, Note: note, Payload: payload, Review: flipped && !met && seen})
	if flipped && met && n.Propose != "" {
		// The proposal is an event of its own, beside the reading, so that
		// it can be accepted or dismissed.
		u.Events = append(u.Events, proposal(n, v, raw, cmp, pageURL, prev.Value))
	}
	return u
}

// proposal turns a reading that crossed its line into a status_proposed
// event whose note cites the reading and the source, which accepting it
// carries into the status change.
func proposal(n claims.NumberWatch, v float64, raw string, cmp extract.Comparison, pageURL, was string) claims.SignalEvent {
	note := fmt.Sprintf("%s reads %s at %s, which meets %s", n.Label, raw, pageURL, cmp.String())
	if was != "" && was != raw {
		note += " (was " + was + ")"
	}
	return claims.SignalEvent{Kind: claims.EventStatusProposed, Propose: n.Propose, Review: true, Note: note,
		Payload: map[string]any{"label": n.Label, "value": v, "text": raw, "comparison": cmp.String(),
			"url": pageURL, "previous": was}}
}

func quoteSignal(cs claims.ClaimSignals, e claims.Evidence, pageURL, text string) claims.SignalUpdate {
	key := claims.QuoteKey(e.ID)
	prev, seen := cs.States[key]
	u := claims.SignalUpdate{ClaimID: cs.Claim.ID, Key: key, State: claims.SignalFound}
	found, closest := extract.FindQuote(text, e.Quote)
	payload := map[string]any{"evidence_id": e.ID, "quote": clip(e.Quote), "url": pageURL}
	switch {
	case found:
		return u
	case closest != "":
		u.State, u.Value = claims.SignalChanged, clip(closest)
		if seen && prev.State == claims.SignalChanged && prev.Value == u.Value {
			return u
		}
		payload["now"] = u.Value
		u.Events = append(u.Events, claims.SignalEvent{Kind: claims.EventQuoteChanged, Review: true, Payload: payload,
			Note: fmt.Sprintf("The quoted passage “%s” now reads: “%s”", clip(e.Quote), u.Value)})
	default:
		u.State = claims.SignalRemoved
		if seen && prev.State == claims.SignalRemoved {
			return u
		}
		u.Events = append(u.Events, claims.SignalEvent{Kind: claims.EventQuoteRemoved, Review: true, Payload: payload,
			Note: fmt.Sprintf("The quoted passage “%s” is no longer on the page", clip(e.Quote))})
	}
	return u
}

func holds(met bool) string {
	if met {
		return "holds"
	}
	return "does not hold"
}

// clip shortens s to maxQuoted bytes at a rune boundary, with an ellipsis.
func clip(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
