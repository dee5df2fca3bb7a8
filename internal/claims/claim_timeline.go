package claims

import (
	"context"
	"encoding/json"
	"slices"
)

// TimelinePageSize is how many events one page of a claim's drawn timeline
// holds: a claim's page costs the same whether it has ten events or ten
// thousand.
const TimelinePageSize = 50

// ClaimView says how a claim's page reads it.
type ClaimView struct {
	// Drafts lets claims of unpublished stories be read (editors); without
	// it they are ENOTFOUND.
	Drafts bool
	// Internal puts internal events on the timeline (the claim editor).
	Internal bool
	// Before pages the timeline back: the page of events older than this
	// event id; 0 for the newest.
	Before int64
	// PagedSources reads one page of the claim's sources (the reader's
	// page), after the link to source SourcesAfter (see LinkQuery);
	// without it, all of them (the editor). A SourcesAfter that leads to
	// no source is ENOTFOUND.
	PagedSources bool
	SourcesAfter int64
}

// TimelinePage is one page of a claim's timeline, oldest first, as a page
// draws it.
type TimelinePage struct {
	Events []Event
	// Total counts the claim's events on every page; Through is how many
	// of them, counted from the oldest, this page reaches.
	Total, Through int
	// Earlier is the Before of the page of older events; 0 when this page
	// holds the first event.
	Earlier int64
}

// Newest reports whether the page ends with the claim's newest event.
func (p TimelinePage) Newest() bool { return p.Through == p.Total }

// ClaimPage returns a claim with everything its page draws: what
// ClaimDetail reads, the events that settled it and withdrew its evidence
// (found by kind, however far back), and one page of its timeline. Its
// cost does not grow with the timeline's length. ENOTFOUND for an unknown
// claim, a draft's claim without v.Drafts, or a Before that reaches no
// event.
func (s *Service) ClaimPage(ctx context.Context, id int64, v ClaimView) (*ClaimDetail, error) {
	d, err := s.claimDetail(ctx, id, !v.Drafts, v.PagedSources, v.SourcesAfter)
	if err != nil {
		return nil, err
	}
	if v.SourcesAfter != 0 && len(d.Sources) == 0 {
		return nil, Errorf(ENOTFOUND, "no sources of claim %d after source %d", id, v.SourcesAfter)
	}
	public := !v.Internal
	// The story page reads its claims' verdicts the same way, in one read.
	settled, err := s.SettlingEvents(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if e, ok := settled[id]; ok {
		d.Settled = &e
	}
	if d.Withdrawals, err = s.withdrawals(ctx, d.Evidence, public); err != nil {
		return nil, err
	}
	if d.Timeline, err = s.timelinePage(ctx, id, public, v.Before); err != nil {
		return nil, err
	}
	return d, s.nameSources(ctx, d)
}

// withdrawals reads the events that withdrew these pieces of evidence, by
// evidence id: one read, and none when nothing was withdrawn.
func (s *Service) withdrawals(ctx context.Context, evidence []Evidence, public bool) (map[int64]Event, error) {
	n := 0
	for _, e := range evidence {
		if e.Withdrawn {
			n++
		}
	}
	out := map[int64]Event{}
	if n == 0 {
		return out, nil
	}
	// Evidence is withdrawn once, so n events are all there are.
	evs, err := s.store.Events(ctx, EventQuery{ClaimID: evidence[0].ClaimID, PublicOnly: public,
		Kinds: []EventKind{EventEvidenceWithdrawn}, Page: Page{Limit: n}})
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		var p struct {
			EvidenceID int64 `json:"evidence_id"`
		}
		if json.Unmarshal(e.Payload, &p) == nil && p.EvidenceID != 0 {
			out[p.EvidenceID] = e
		}
	}
	return out, nil
}

// timelinePage reads the page of a claim's events older than before (the
// newest with 0), and counts them, in three reads at most; on the newest
// page none of them grows with the timeline.
func (s *Service) timelinePage(ctx context.Context, claimID int64, public bool, before int64) (TimelinePage, error) {
	q := EventQuery{ClaimID: claimID, PublicOnly: public, Page: Page{Limit: TimelinePageSize + 1, Before: before}}
	evs, err := s.store.Events(ctx, q)
	if err != nil {
		return TimelinePage{}, err
	}
	if before > 0 && len(evs) == 0 {
		return TimelinePage{}, Errorf(ENOTFOUND, "no events of claim %d before %d", claimID, before)
	}
	var p TimelinePage
	if len(evs) > TimelinePageSize {
		evs = evs[:TimelinePageSize]
		p.Earlier = evs[len(evs)-1].ID
	}
	slices.Reverse(evs)
	p.Events = evs
	q.Page = Page{}
	if p.Total, err = s.store.CountEvents(ctx, q); err != nil {
		return TimelinePage{}, err
	}
	p.Through = p.Total
	if before > 0 {
		// Counting the events newer than this page costs what the reader
		// has paged through; counting the older ones would read nearly the
		// whole timeline on the second page.
		q.From = before
		newer, err := s.store.CountEvents(ctx, q)
		if err != nil {
			return TimelinePage{}, err
		}
		p.Through = p.Total - newer
	}
	return p, nil
}

// nameSources reads the linked sources that the evidence and the
// timeline's page name, those the page of sources holds without a read.
func (s *Service) nameSources(ctx context.Context, d *ClaimDetail) error {
	d.Named = map[int64]Source{}
	for _, ls := range d.Sources {
		d.Named[ls.ID] = ls.Source
	}
	missing := []int64{}
	need := func(id *int64) {
		if id != nil && !slices.Contains(missing, *id) {
			if _, ok := d.Named[*id]; !ok {
				missing = append(missing, *id)
			}
		}
	}
	for _, e := range d.Evidence {
		need(e.SourceID)
	}
	for _, e := range d.Timeline.Events {
		need(e.SourceID)
	}
	if len(missing) == 0 {
		return nil
	}
	ls, err := s.store.LinkedSources(ctx, d.Claim.ID, LinkQuery{SourceIDs: missing})
	for _, l := range ls {
		d.Named[l.ID] = l.Source
	}
	return err
}
