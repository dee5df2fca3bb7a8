package desk

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// claimEditorPage is the view of /editor/claims/{id}: the claim, its forms,
// and beside them its whole timeline (internal notes included) and sources.
type claimEditorPage struct {
	Meta         view.Meta
	Bar          editorBar
	Flash        string
	PageMessage  string
	ActionURL    string
	StoryTitle   string
	StoryEditURL string
	// StoryPublicURL is the story's public address (a preview while it is
	// a draft).
	StoryPublicURL  string
	StoryPublished  bool
	PublicURL       string
	Text            string
	WhatWouldSettle string
	Badge           view.Badge
	Stale           bool
	Withdrawn       bool
	ReviewBy        string
	Version         int
	Conflict        *claimConflict
	StatusForm      statusForm
	AssignForm      assignForm
	Assignee        string
	TextForm        claimTextForm
	EvidenceForm    evidenceForm
	SourceForm      sourceForm
	NoteForm        textForm
	WithdrawForm    textForm
	WatchForm       watchForm
	Signals         []signalLine
	Timeline        []editorTimelineEntry
	Pager           reader.TimelinePager
	Sources         []editorSourceRow
	Evidence        []editorEvidenceRow
	Appearances     appearancePanel
}

// claimConflict sets the editor's refused change beside the claim as it
// now stands.
type claimConflict struct {
	YourStatus string
	YourText   string
	YourSettle string
	YourNote   string
	Badge      view.Badge
	Text       string
	Settle     string
	Updated    string
}

// statusForm is the status form: the note is required.
type statusForm struct {
	formState
	Status        string
	Note          string
	ReviewBy      string
	Version       int
	StatusOptions []option
}

// claimTextForm edits a claim's wording.
type claimTextForm struct {
	formState
	Text            string
	WhatWouldSettle string
	Note            string
	Version         int
}

// evidenceForm adds evidence.
type evidenceForm struct {
	formState
	Summary       string
	Stance        string
	SourceURL     string
	Quote         string
	StanceOptions []option
	// Source is what the evidence cites: "" none, a linked source's id, or
	// "new" for the source described by the New* fields, linked in the
	// same step.
	Source        string
	SourceOptions []option
	NewURL        string
	NewOutlet     string
	NewKind       string
	KindOptions   []option
}

// sourceForm links a source.
type sourceForm struct {
	formState
	URL           string
	Outlet        string
	OutletKind    string
	Title         string
	Stance        string
	KindOptions   []option
	StanceOptions []option
}

// textForm is a form with one text field (notes, withdrawals).
type textForm struct {
	formState
	Text string
}

// editorTimelineEntry is a timeline entry; internal ones are marked.
type editorTimelineEntry struct {
	reader.TimelineEntry
	Internal bool
}

// editorSourceRow is a linked source with the id to unlink it by.
type editorSourceRow struct {
	reader.LinkedSourceItem
	ID int64
}

// editorEvidenceRow is evidence with the id to withdraw it by.
type editorEvidenceRow struct {
	reader.EvidenceItem
	ID int64
}

// buildClaimEditorPage fills the page from the claim as stored, with every
// form at its defaults; handlers then put back the input of a failed save.
func (s *Handler) buildClaimEditorPage(now time.Time, d *claims.ClaimDetail) claimEditorPage {
	pub := reader.BuildClaimPage(s.Chrome, now, d, s.Alerts)
	c := d.Claim
	p := claimEditorPage{
		Meta:            s.Meta("Edit: "+view.Truncate(c.Text, 80), "", ""),
		ActionURL:       view.EditClaimURL(c.ID),
		StoryTitle:      d.Story.Title,
		StoryEditURL:    view.EditStoryURL(d.Story.Slug),
		StoryPublicURL:  site.StoryURL(d.Story.Slug),
		StoryPublished:  d.Story.Published,
		Text:            c.Text,
		WhatWouldSettle: c.WhatWouldSettle,
		Badge:           pub.Badge,
		Stale:           pub.Stale,
		Withdrawn:       c.Withdrawn,
		ReviewBy:        dateInput(c.ReviewBy),
		Version:         c.Version,
		StatusForm:      statusForm{Status: c.Status, ReviewBy: dateInput(c.ReviewBy), Version: c.Version},
		TextForm:        claimTextForm{Text: c.Text, WhatWouldSettle: c.WhatWouldSettle, Version: c.Version},
		EvidenceForm:    evidenceForm{Stance: string(claims.StanceSupports), NewKind: string(claims.OutletIndependent)},
		AssignForm:      assignForm{Version: c.Version},
		SourceForm:      sourceForm{OutletKind: string(claims.OutletIndependent), Stance: string(claims.StanceSupports)},
	}
	if d.Story.Published {
		p.PublicURL = site.ClaimURL(c.ID)
	}
	for _, e := range d.Timeline.Events {
		p.Timeline = append(p.Timeline, editorTimelineEntry{TimelineEntry: reader.NewTimelineEntry(s.Site.Vocab, e), Internal: !e.Public})
	}
	p.Pager = reader.NewTimelinePager(view.EditClaimURL(c.ID), d.Timeline)
	for i, ls := range d.Sources {
		p.Sources = append(p.Sources, editorSourceRow{LinkedSourceItem: pub.Sources[i], ID: ls.ID})
	}
	for i, e := range d.Evidence {
		p.Evidence = append(p.Evidence, editorEvidenceRow{EvidenceItem: pub.Evidence[i], ID: e.ID})
	}
	p.Appearances = appearancePanel{List: pub.Appearances, Action: view.EditClaimURL(c.ID) + "/appearances"}
	return p
}

// fillOptions sets the select options from the values the forms hold; run
// last, after a handler has put back the editor's input.
func (s *Handler) fillOptions(p *claimEditorPage) {
	p.StatusForm.StatusOptions = s.statusOptions(p.StatusForm.Status)
	p.EvidenceForm.StanceOptions = stanceOptions(p.EvidenceForm.Stance)
	p.EvidenceForm.KindOptions = outletKindOptions(p.EvidenceForm.NewKind)
	p.EvidenceForm.SourceOptions = evidenceSourceOptions(p.Sources, p.EvidenceForm.Source)
	p.SourceForm.KindOptions = outletKindOptions(p.SourceForm.OutletKind)
	p.SourceForm.StanceOptions = stanceOptions(p.SourceForm.Stance)
	s.fillWatchOptions(&p.WatchForm, p.Sources)
}

func (s *Handler) newClaimConflict(cur claims.Claim) *claimConflict {
	return &claimConflict{Badge: view.NewBadge(s.Site.Vocab, cur.Status), Text: cur.Text, Settle: cur.WhatWouldSettle, Updated: view.DateTime(cur.UpdatedAt)}
}
