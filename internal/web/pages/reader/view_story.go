package reader

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// storyPage is the view of /stories/{slug}.
type storyPage struct {
	Meta            view.Meta
	Title           string
	Summary         string
	UnresolvedCount int
	Total           int
	// StatusCount is "3 of 8", as the status line writes it.
	StatusCount string
	Checked     string
	// Updated is when anything a reader sees last changed; UpdatedISO is
	// the same for <time>.
	Updated    string
	UpdatedISO string
	// FeedURL is the story's Atom feed, offered in the Follow block.
	FeedURL       string
	Unresolved    []claimCard
	Resolved      []resolvedItem
	Context       []qaItem
	Agree         []string
	Split         []string
	SourceGroups  []SourceGroup
	SourceSummary string
	// Follow is the follow-by-email form; nil when alerts are off.
	Follow *view.FollowForm
	Facts  []factItem
	// UnresolvedGroups and ResolvedGroups fold a large story's claims by
	// status; nil when the section lists its claims as they are.
	UnresolvedGroups []claimGroup
	ResolvedGroups   []claimGroup
}

// claimCard is an open claim under "What remains unresolved".
type claimCard struct {
	URL             string
	Text            string
	Badge           view.Badge
	Stale           bool
	WhatWouldSettle string
	Latest          *latestLine
	Tally           string
	// Checked says when the claim's sources were last checked, by the
	// oldest check; empty until every fetchable source has been checked once.
	Checked string
	// FollowURL links to the claim page's follow form; empty when alerts
	// are off.
	FollowURL string
	// InGroup is set for a card under a status heading (an h4).
	InGroup bool
	// NoBadge leaves out the status badge, which a status heading above
	// already says.
	NoBadge bool
}

// latestLine is a claim's newest public event in one line:
// "Disputed since Nov 20: two outlets report the recording was edited".
type latestLine struct {
	Lead string
	Note string
}

// resolvedItem is a settled claim, verdict first: the badge, the note that
// settled it (the why), who settled it and when, and what it rests on.
type resolvedItem struct {
	URL   string
	Text  string
	Badge view.Badge
	Date  string
	Note  string
	Who   string
	// Correction says that an earlier verdict was changed ("Updated Dec 9:
	// was Confirmed, now Partly confirmed"); empty otherwise.
	Correction string
	Tally      string
	// InGroup is set for a verdict under a status heading (an h4).
	InGroup bool
	// NoBadge leaves out the status badge, as on claimCard.
	NoBadge bool
}

// qaItem is a question of the story's context with its answer, whose
// citations of outlets link to the sources list.
type qaItem struct {
	Question string
	Answer   []textPart
}

// storyView gathers what buildStoryPage needs; settling holds, for resolved
// claims, the event that gave them their current status.
type storyView struct {
	detail   *claims.StoryDetail
	settling map[int64]claims.Event
	notes    claims.SourceNotes
	// outlets names the sources that facts and events name, by id.
	outlets map[int64]string
	vocab   *claims.Vocabulary
	now     time.Time
}

func (s *Handler) buildStoryPage(v storyView) storyPage {
	st := v.detail.Story
	p := storyPage{
		Meta:    s.Meta(st.Title, st.Summary, site.StoryURL(st.Slug)).WithFeeds(view.FeedLink{Title: "Changes to this story", URL: storyFeedPath(st.Slug)}, resolvedFeed),
		Title:   st.Title,
		Summary: st.Summary,
		Checked: CheckedLine(v.now, v.detail.SourcesCheckedAt),
		FeedURL: storyFeedPath(st.Slug),
		Agree:   st.Perspectives.Agree,
		Split:   st.Perspectives.Split,
	}
	for _, c := range v.detail.Claims {
		if c.Withdrawn {
			continue
		}
		p.Total++
		if v.vocab.IsResolved(c.Status) {
			p.Resolved = append(p.Resolved, newResolvedItem(v, c))
			continue
		}
		p.Unresolved = append(p.Unresolved, newClaimCard(v, c))
	}
	p.UnresolvedCount = len(p.Unresolved)
	p.StatusCount = view.Count(p.UnresolvedCount) + " of " + view.Count(p.Total)
	p.UnresolvedGroups = foldClaims(v, st.Slug, false)
	p.ResolvedGroups = foldClaims(v, st.Slug, true)
	cites := citations(v.detail.Sources)
	for _, qa := range st.Context {
		p.Context = append(p.Context, qaItem{Question: qa.Question, Answer: linkCitations(qa.Answer, cites)})
	}
	p.SourceGroups, p.SourceSummary = GroupSources(v.now, v.detail.Sources, v.detail.SourceCounts, v.notes)
	updated := lastUpdated(v.detail)
	p.Updated, p.UpdatedISO = view.RelTime(v.now, updated), updated.UTC().Format(time.RFC3339)
	p.Meta = p.Meta.WithShare("article", storyShareText(p))
	s.withFollow(&p, st.Slug)
	return p
}

// withFollow adds the follow form to a story page, and to each open claim
// a link to its own form, when alerts are on.
func (s *Handler) withFollow(p *storyPage, slug string) {
	if !s.Alerts {
		return
	}
	p.Follow = &view.FollowForm{StorySlug: slug}
	for i := range p.Unresolved {
		p.Unresolved[i].FollowURL = p.Unresolved[i].URL + "#follow"
	}
	for _, g := range p.UnresolvedGroups {
		for i := range g.Cards {
			g.Cards[i].FollowURL = g.Cards[i].URL + "#follow"
		}
	}
}

func newClaimCard(v storyView, c claims.ClaimSummary) claimCard {
	card := claimCard{
		URL:             site.ClaimURL(c.ID),
		Text:            c.Text,
		Badge:           view.NewBadge(v.vocab, c.Status),
		Stale:           c.ReviewBy != nil && v.now.After(*c.ReviewBy),
		WhatWouldSettle: c.WhatWouldSettle,
		Tally:           tally(c.Supporting, c.Disputing, c.Contextual),
	}
	if c.Latest != nil {
		note := eventNote(*c.Latest)
		if note == "" && c.Latest.SourceID != nil {
			// A re-check's finding carries no note: name the source.
			note = v.outlets[*c.Latest.SourceID]
		}
		card.Latest = &latestLine{Lead: eventLead(v.vocab, v.now, *c.Latest), Note: view.Truncate(note, 160)}
	}
	if c.SourcesCheckedAt != nil {
		card.Checked = "sources checked " + view.RelTime(v.now, *c.SourcesCheckedAt)
	}
	return card
}

// eventLead is "Disputed since Nov 20" for events that set a status, and
// "Evidence added Nov 21" for the others.
func eventLead(vocab *claims.Vocabulary, now time.Time, e claims.Event) string {
	if e.ToStatus != "" {
		return vocab.Get(e.ToStatus).Label + " since " + view.ShortDate(now, e.At)
	}
	return e.Kind.Label() + " " + view.ShortDate(now, e.At)
}

// eventNote is an event's note, or for events that carry none (a linked
// source) the outlet named in its details.
func eventNote(e claims.Event) string {
	if e.Note != "" || len(e.Payload) == 0 {
		return e.Note
	}
	var p struct {
		Outlet string `json:"outlet"`
	}
	if json.Unmarshal(e.Payload, &p) != nil {
		return ""
	}
	return p.Outlet
}

// tally counts every linked source by stance: "3 sources: 2 support, 1
// context".
func tally(supporting, disputing, contextual int) string {
	n := supporting + disputing + contextual
	if n == 0 {
		return "No sources linked yet"
	}
	var parts []string
	if supporting > 0 {
		parts = append(parts, view.Count(supporting)+" "+pick(supporting, "supports", "support"))
	}
	if disputing > 0 {
		parts = append(parts, view.Count(disputing)+" "+pick(disputing, "disputes", "dispute"))
	}
	if contextual > 0 {
		parts = append(parts, view.Count(contextual)+" context")
	}
	return view.Plural(n, "source") + ": " + strings.Join(parts, ", ")
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func newResolvedItem(v storyView, c claims.ClaimSummary) resolvedItem {
	it := resolvedItem{URL: site.ClaimURL(c.ID), Text: c.Text, Badge: view.NewBadge(v.vocab, c.Status),
		Tally: tally(c.Supporting, c.Disputing, c.Contextual)}
	if c.ResolvedAt != nil {
		it.Date = view.LongDate(*c.ResolvedAt)
	}
	if e, ok := v.settling[c.ID]; ok {
		it.Note, it.Who = view.Truncate(e.Note, 240), e.Actor
		it.Date = view.LongDate(e.At)
		it.Correction = CorrectionLine(v.vocab, v.now, e)
	}
	return it
}

// lastUpdated is when the story last changed in a way its page shows: its
// own text, or the newest news about one of its claims.
func lastUpdated(d *claims.StoryDetail) time.Time {
	t := d.Story.UpdatedAt
	for _, c := range d.Claims {
		if c.Latest != nil && c.Latest.At.After(t) {
			t = c.Latest.At
		}
	}
	return t
}

// storyShareText is what a shared link to the story says: what is still
// open, or that everything was settled.
func storyShareText(p storyPage) string {
	if p.UnresolvedCount == 0 {
		return "Resolved: all " + view.Plural(p.Total, "claim") + " settled. " + p.Summary
	}
	return "Unresolved: " + view.Count(p.UnresolvedCount) + " of " + view.Plural(p.Total, "claim") + ", among them “" +
		p.Unresolved[0].Text + "”. " + p.Summary
}
