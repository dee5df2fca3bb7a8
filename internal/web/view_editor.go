package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// The editor's views. Every form view carries the editor's input back
// (never the stored value) when a save fails, with Errors per field and
// Message for what is not about one field.

// editorBar is the navigation bar of every signed-in page.
type editorBar = view.EditorBar

// option is one <option> of a select.
type option struct {
	ID       string
	Label    string
	Selected bool
}

// formState is what every form view has besides its fields.
type formState struct {
	Errors  map[string]string
	Message string
}

// setError files err under the form's fields, or as its message when it
// names none.
func (f *formState) setError(err error) {
	ce := httpx.AsClaimsError(err)
	if len(ce.Fields) > 0 {
		f.Errors = ce.Fields
		return
	}
	f.Message = ce.Message
}

func (s *Server) statusOptions(selected string) []option {
	var out []option
	for _, st := range s.vocab.All() {
		label := st.Label
		if st.Resolved {
			label += " (resolved)"
		}
		out = append(out, option{ID: st.ID, Label: label, Selected: st.ID == selected})
	}
	return out
}

func stanceOptions(selected string) []option {
	var out []option
	for _, st := range []claims.Stance{claims.StanceSupports, claims.StanceDisputes, claims.StanceContext} {
		out = append(out, option{ID: string(st), Label: stanceLabel(st), Selected: string(st) == selected})
	}
	return out
}

func outletKindOptions(selected string) []option {
	var out []option
	for _, k := range claims.OutletKinds {
		out = append(out, option{ID: string(k), Label: k.Label(), Selected: string(k) == selected})
	}
	return out
}

// flashes are the messages a redirect after a successful save may show,
// chosen by key so that no request can put its own text on the page.
var flashes = map[string]string{
	"story-created":      "Story created.",
	"story-saved":        "Story saved.",
	"claim-created":      "Claim added.",
	"claims-created":     "Claims added.",
	"assigned":           "Assignment saved.",
	"reordered":          "Claims reordered.",
	"status":             "Status changed.",
	"text":               "Claim saved.",
	"evidence":           "Evidence added.",
	"appearance":         "Appearance recorded.",
	"evidence-withdrawn": "Evidence withdrawn.",
	"source":             "Source linked.",
	"source-unlinked":    "Source unlinked.",
	"withdrawn":          "Claim withdrawn.",
	"note":               "Internal note added.",
	"watches":            "Watches saved. The claim's sources are read in full at the next sweep.",
	"reviewed":           "Marked as reviewed.",
	"accepted":           "Proposal accepted: the claim's status changed.",
	"dismissed":          "Proposal dismissed.",
	"review-conflict":    "That item could not be closed: someone closed it first, or the claim has changed since.",
}

func editStoryURL(slug string) string { return "/editor/stories/" + slug }
func editClaimURL(id int64) string    { return "/editor/claims/" + strconv.FormatInt(id, 10) }

// dateInput formats t for an <input type="date">.
func dateInput(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// dashboardPage is the view of /editor.
type dashboardPage struct {
	Meta     meta
	Bar      editorBar
	Flash    string
	Review   []reviewRow
	Assigned []claimRefRow
	Due      []dueRow
	Open     []openStoryGroup
	Recent   []recentRow
	Stories  []storyRow
	NewStory storyCreateForm
}

// reviewRow is one open review item: what happened, to which claim, by
// whom and when.
type reviewRow struct {
	ID         int64
	What       string
	Note       string
	ClaimURL   string
	ClaimLabel string
	StoryTitle string
	StoryURL   string
	Who        string
	When       string
	ISO        string
	Proposal   bool
}

// dueRow is a claim past its review date.
type dueRow struct {
	Text  string
	URL   string
	Badge badge
	Due   string
}

// recentRow is one recent change by another editor.
type recentRow struct {
	timelineEntry
	Internal   bool
	ClaimURL   string
	ClaimLabel string
	StoryTitle string
	StoryURL   string
}

// storyRow is a story in the editor's list, drafts included.
type storyRow struct {
	Title      string
	EditURL    string
	PublicURL  string
	Published  bool
	Unresolved int
	Resolved   int
}

// storyCreateForm is the "New story" form.
type storyCreateForm struct {
	formState
	Title     string
	Slug      string
	Summary   string
	Published bool
}

// claimLabel names a claim in lists where only its id is at hand.
func claimLabel(id *int64) (url, label string) {
	if id == nil {
		return "", ""
	}
	return editClaimURL(*id), "Claim #" + strconv.FormatInt(*id, 10)
}

func (s *Server) newReviewRow(now time.Time, r claims.ReviewItem) reviewRow {
	t := s.newTimelineEntry(r.Event)
	row := reviewRow{ID: r.ID, What: t.What, Note: t.Note, Who: t.Who, When: relTime(now, r.Event.At), ISO: t.ISO,
		Proposal: r.Event.Kind == claims.EventStatusProposed}
	row.ClaimURL, row.ClaimLabel = claimLabel(r.Event.ClaimID)
	return row
}

func (s *Server) newRecentRow(e claims.Event) recentRow {
	row := recentRow{timelineEntry: s.newTimelineEntry(e), Internal: !e.Public}
	row.ClaimURL, row.ClaimLabel = claimLabel(e.ClaimID)
	return row
}

func (s *Server) newDueRow(c claims.Claim) dueRow {
	return dueRow{Text: c.Text, URL: editClaimURL(c.ID), Badge: newBadge(s.vocab, c.Status), Due: dateInput(c.ReviewBy)}
}

func newStoryRow(st claims.StorySummary) storyRow {
	return storyRow{Title: st.Title, EditURL: editStoryURL(st.Slug), PublicURL: site.StoryURL(st.Slug), Published: st.Published,
		Unresolved: st.Unresolved, Resolved: st.Resolved}
}

// storyEditorPage is the view of /editor/stories/{slug}.
type storyEditorPage struct {
	Meta        meta
	Bar         editorBar
	Flash       string
	PublicURL   string
	SaveURL     string
	AddClaimURL string
	StoryTitle  string
	Published   bool
	// PreviewURL is the story's public address, which editors see even
	// while it is a draft.
	PreviewURL string
	OrderURL   string
	// FocusClaim puts the cursor in the claim field, ready for the next.
	FocusClaim bool
	Form       storyForm
	// Conflict is the story as it now stands, when the editor's save was
	// stale; Form then still holds the editor's text.
	Conflict  *storyForm
	Claims    []editorClaimRow
	ClaimForm claimCreateForm
	// (nil when this server reads no
	// articles)
	Paste *pastePanel
}

// storyForm holds a story's editable fields as the form shows them.
type storyForm struct {
	formState
	Title     string
	Summary   string
	Context   []qaField
	Agree     string
	Split     string
	Published bool
	Version   int
	Facts     []factField
}

// qaField is one question-and-answer pair of the context fieldset.
type qaField struct {
	N        int
	Question string
	Answer   string
}

// blankQA is how many empty pairs the form offers for new context.
const blankQA = 2

func newStoryForm(st *claims.Story) storyForm {
	f := storyForm{Title: st.Title, Summary: st.Summary, Published: st.Published, Version: st.Version,
		Agree: strings.Join(st.Perspectives.Agree, "\n"), Split: strings.Join(st.Perspectives.Split, "\n"),
		Facts: newFactFields(st.Facts)}
	for _, qa := range st.Context {
		f.Context = append(f.Context, qaField{Question: qa.Question, Answer: qa.Answer})
	}
	return f
}

// numberQA numbers the pairs and adds the blank ones.
func (f *storyForm) numberQA() {
	for range blankQA {
		f.Context = append(f.Context, qaField{})
	}
	for i := range f.Context {
		f.Context[i].N = i + 1
	}
}

// editorClaimRow is a claim in the story editor's list.
type editorClaimRow struct {
	Text      string
	EditURL   string
	Badge     badge
	Withdrawn bool
	Assignee  string
	// UpOrder and DownOrder are the order forms' values that move the
	// claim one place; empty at the ends.
	UpOrder   string
	DownOrder string
}

// claimCreateForm is the "Add claim" form.
type claimCreateForm struct {
	formState
	Text            string
	Status          string
	WhatWouldSettle string
	StatusOptions   []option
	// Tracked are claims matching the text,
	// shown before it is saved.
	Tracked []trackedClaim
}

// claimEditorPage is the view of /editor/claims/{id}: the claim, its forms,
// and beside them its whole timeline (internal notes included) and sources.
type claimEditorPage struct {
	Meta         meta
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
	Badge           badge
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
	Badge      badge
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
	timelineEntry
	Internal bool
}

// editorSourceRow is a linked source with the id to unlink it by.
type editorSourceRow struct {
	linkedSourceItem
	ID int64
}

// editorEvidenceRow is evidence with the id to withdraw it by.
type editorEvidenceRow struct {
	evidenceItem
	ID int64
}

// buildClaimEditorPage fills the page from the claim as stored, with every
// form at its defaults; handlers then put back the input of a failed save.
func (s *Server) buildClaimEditorPage(now time.Time, d *claims.ClaimDetail) claimEditorPage {
	pub := s.buildClaimPage(now, d)
	c := d.Claim
	p := claimEditorPage{
		Meta:            s.meta("Edit: "+truncate(c.Text, 80), "", ""),
		ActionURL:       editClaimURL(c.ID),
		StoryTitle:      d.Story.Title,
		StoryEditURL:    editStoryURL(d.Story.Slug),
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
	for _, e := range d.Timeline {
		p.Timeline = append(p.Timeline, editorTimelineEntry{timelineEntry: s.newTimelineEntry(e), Internal: !e.Public})
	}
	for i, ls := range d.Sources {
		p.Sources = append(p.Sources, editorSourceRow{linkedSourceItem: pub.Sources[i], ID: ls.ID})
	}
	for i, e := range d.Evidence {
		p.Evidence = append(p.Evidence, editorEvidenceRow{evidenceItem: pub.Evidence[i], ID: e.ID})
	}
	p.Appearances = appearancePanel{List: pub.Appearances, Action: editClaimURL(c.ID) + "/appearances"}
	return p
}

// fillOptions sets the select options from the values the forms hold; run
// last, after a handler has put back the editor's input.
func (s *Server) fillOptions(p *claimEditorPage) {
	p.StatusForm.StatusOptions = s.statusOptions(p.StatusForm.Status)
	p.EvidenceForm.StanceOptions = stanceOptions(p.EvidenceForm.Stance)
	p.EvidenceForm.KindOptions = outletKindOptions(p.EvidenceForm.NewKind)
	p.EvidenceForm.SourceOptions = evidenceSourceOptions(p.Sources, p.EvidenceForm.Source)
	p.SourceForm.KindOptions = outletKindOptions(p.SourceForm.OutletKind)
	p.SourceForm.StanceOptions = stanceOptions(p.SourceForm.Stance)
	s.fillWatchOptions(&p.WatchForm, p.Sources)
}

func (s *Server) newClaimConflict(cur claims.Claim) *claimConflict {
	return &claimConflict{Badge: newBadge(s.vocab, cur.Status), Text: cur.Text, Settle: cur.WhatWouldSettle, Updated: dateTime(cur.UpdatedAt)}
}
