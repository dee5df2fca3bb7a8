package reader

import (
	"encoding/json"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// ClaimPage is the view of /claims/{id}.
type ClaimPage struct {
	Meta              view.Meta
	StoryTitle        string
	StoryURL          string
	Text              string
	Badge             view.Badge
	StatusDescription string
	WhatWouldSettle   string
	Stale             bool
	Withdrawn         bool
	// Verdict leads a resolved claim's page; nil while the claim is open.
	Verdict *VerdictView
	// EditURL links signed-in editors to the claim editor; empty for readers.
	EditURL  string
	Evidence []EvidenceItem
	Sources  []LinkedSourceItem
	// SourcePager pages through a claim with many sources.
	SourcePager SourcePager
	Timeline    []TimelineEntry
	Pager       TimelinePager
	// Follow is the follow-by-email form; nil when alerts are off or the
	// claim is withdrawn.
	Follow *view.FollowForm
	// Where the claim was made, earliest first.
	Appearances AppearanceList
}

// VerdictView is a resolved claim's ruling as its page opens with it: the
// why (the settling note), who settled it and when, and, when it replaced
// an earlier verdict, a line saying so.
type VerdictView struct {
	Label      string
	Why        string
	Who        string
	When       string
	ISO        string
	Correction string
}

// EvidenceItem is one piece of evidence; withdrawn evidence stays listed,
// struck, with its withdrawal.
type EvidenceItem struct {
	Summary       string
	Stance        string
	StanceLabel   string
	Quote         string
	SourceOutlet  string
	Actor         string
	When          string
	Withdrawn     bool
	WithdrawnWhen string
	WithdrawnNote string
}

// LinkedSourceItem is a source with how it bears on the claim.
type LinkedSourceItem struct {
	Stance      string
	StanceLabel string
	Source      SourceItem
	// Quotes are, for a source that has gone, the passages this claim's
	// evidence quotes from it: what readers can still see of it.
	Quotes []string
}

// TimelineEntry is one dot of the drawn timeline: who, what, when and why.
type TimelineEntry struct {
	Class string
	ISO   string
	When  string
	Who   string
	What  string
	Note  string
	// Changed is set for a field's change, with its value Before and After
	// ("(none)" for an empty one).
	Changed       bool
	Before, After string
}

func BuildClaimPage(ch *view.Chrome, now time.Time, d *claims.ClaimDetail, alerts bool) ClaimPage {
	c := d.Claim
	vocab := ch.Site.Vocab
	st := vocab.Get(c.Status)
	p := ClaimPage{
		Meta:              ch.Meta(view.Truncate(c.Text, 90), c.Text, site.ClaimURL(c.ID)),
		StoryTitle:        d.Story.Title,
		StoryURL:          site.StoryURL(d.Story.Slug),
		Text:              c.Text,
		Badge:             view.NewBadge(vocab, c.Status),
		StatusDescription: st.Description,
		WhatWouldSettle:   c.WhatWouldSettle,
		Stale:             c.ReviewBy != nil && now.After(*c.ReviewBy) && !st.Resolved,
		Withdrawn:         c.Withdrawn,
		Follow:            followClaim(alerts, c.ID, c.Withdrawn),
	}
	share := "Unresolved: " + c.Text
	if st.Resolved && !c.Withdrawn {
		p.WhatWouldSettle, p.StatusDescription = "", ""
		p.Verdict = &VerdictView{Label: st.Label}
		share = st.Label + ": " + c.Text
		if e := d.Settling(); e != nil {
			p.Verdict.Why, p.Verdict.Who = e.Note, e.Actor
			p.Verdict.When, p.Verdict.ISO = view.LongDate(e.At), e.At.UTC().Format(time.RFC3339)
			p.Verdict.Correction = CorrectionLine(vocab, now, *e)
			if e.Note != "" {
				share += " — " + e.Note
			}
		}
	}
	p.Meta = p.Meta.WithShare("article", share)
	outlets := map[int64]string{}
	for id, src := range d.Named {
		outlets[id] = src.Outlet
	}
	for _, ls := range d.Sources {
		outlets[ls.ID] = ls.Outlet
		p.Sources = append(p.Sources, LinkedSourceItem{Stance: string(ls.Stance), StanceLabel: StanceLabel(ls.Stance), Source: NewSourceItem(now, ls.Source)})
	}
	for i, ls := range d.Sources {
		if ls.State == claims.SourceGone {
			p.Sources[i].Quotes = quotesFrom(d.Evidence, ls.ID)
		}
	}
	for _, e := range d.Evidence {
		it := EvidenceItem{Summary: e.Summary, Stance: string(e.Stance), StanceLabel: StanceLabel(e.Stance),
			Quote: e.Quote, Actor: e.Actor, When: view.LongDate(e.CreatedAt), Withdrawn: e.Withdrawn}
		if e.SourceID != nil {
			it.SourceOutlet = outlets[*e.SourceID]
		}
		if w, ok := d.Withdrawals[e.ID]; ok {
			it.WithdrawnWhen, it.WithdrawnNote = view.LongDate(w.At), w.Note
		}
		p.Evidence = append(p.Evidence, it)
	}
	p.Timeline, p.Pager = claimTimeline(vocab, d), NewTimelinePager(site.ClaimURL(c.ID), d.Timeline)
	p.SourcePager = NewSourcePager(site.ClaimURL(c.ID), d)
	p.Appearances = NewAppearanceList(now, d.Appearances)
	return p
}

func NewTimelineEntry(vocab *claims.Vocabulary, e claims.Event) TimelineEntry {
	t := TimelineEntry{ISO: e.At.UTC().Format(time.RFC3339), When: view.DateTime(e.At), Who: e.Actor, What: e.Kind.Label(), Note: e.Note}
	if t.Who == "" {
		t.Who = "claimtrack"
	}
	switch {
	case e.FromStatus != "" && e.ToStatus != "":
		t.What += ": " + vocab.Get(e.FromStatus).Label + " → " + vocab.Get(e.ToStatus).Label
	case e.ToStatus != "":
		t.What += " as " + vocab.Get(e.ToStatus).Label
	}
	if e.ToStatus != "" {
		t.Class = view.StatusClass(vocab, e.ToStatus)
	}
	if ch, ok := e.Change(); ok {
		none := func(v string) string {
			if v == "" {
				return "(none)"
			}
			return v
		}
		t.What += ": " + ch.Label
		t.Changed, t.Before, t.After = true, none(ch.Old), none(ch.New)
	}
	if e.Kind == claims.EventClaimAssigned {
		t.What = AssignedWhat(e.Payload)
	}
	switch {
	case e.Kind == claims.EventStatusChanged || e.Kind == claims.EventClaimCreated || e.Kind == claims.EventClaimWithdrawn:
		t.Class += " major"
	case e.Actor == claims.ActorRecheck.Name:
		t.Class += " minor"
	}
	return t
}

// quotesFrom returns the passages that non-withdrawn evidence quotes from a
// source, each once, in the evidence's order.
func quotesFrom(evidence []claims.Evidence, sourceID int64) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range evidence {
		if e.Withdrawn || e.Quote == "" || e.SourceID == nil || *e.SourceID != sourceID || seen[e.Quote] {
			continue
		}
		seen[e.Quote] = true
		out = append(out, e.Quote)
	}
	return out
}

// sourceName names an event's source for its timeline row: "NDTV,
// “Leaked audio …”", from the linked source or, for one since unlinked, the
// outlet the event recorded.
func sourceName(src claims.Source, e claims.Event) string {
	if src.ID == 0 {
		var p struct {
			Outlet string `json:"outlet"`
			URL    string `json:"url"`
		}
		_ = json.Unmarshal(e.Payload, &p)
		switch {
		case p.Outlet != "":
			return p.Outlet
		case p.URL != "":
			return untitled(p.URL)
		}
		return "a source no longer linked"
	}
	title := src.Title
	if title == "" {
		title = untitled(src.URL)
	}
	return src.Outlet + ", “" + view.Truncate(title, 80) + "”"
}

// ClaimSources is the sources whose reader-facing lines a claim page needs.
func ClaimSources(d *claims.ClaimDetail) []claims.Source {
	out := make([]claims.Source, len(d.Sources))
	for i, ls := range d.Sources {
		out[i] = ls.Source
	}
	return out
}

// SaySources puts each source's state in a reader's words (see SayState).
func (p *ClaimPage) SaySources(now time.Time, d *claims.ClaimDetail, notes claims.SourceNotes) {
	for i, ls := range d.Sources {
		SayState(&p.Sources[i].Source, now, ls.Source, notes)
	}
}

// followClaim returns the follow form of a claim page: nil when alerts are
// off or the claim is withdrawn (nothing more will happen to it).
func followClaim(alerts bool, id int64, withdrawn bool) *view.FollowForm {
	if !alerts || withdrawn {
		return nil
	}
	return &view.FollowForm{ClaimID: id}
}
