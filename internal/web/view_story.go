package web

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// storyPage is the view of /stories/{slug}.
type storyPage struct {
	Meta            meta
	Title           string
	Summary         string
	UnresolvedCount int
	Total           int
	Checked         string
	Unresolved      []claimCard
	Resolved        []resolvedItem
	Context         []qaItem
	Agree           []string
	Split           []string
	SourceGroups    []sourceGroup
	SourceSummary   string
	// Follow is the follow-by-email form; nil when alerts are off.
	Follow *followForm // --- alerts ---
	Facts  []factItem  // --- the desk: the story's facts ---
}

// claimCard is an open claim under "What remains unresolved".
type claimCard struct {
	URL             string
	Text            string
	Badge           badge
	Stale           bool
	WhatWouldSettle string
	Latest          *latestLine
	Tally           string
	// Checked says when the claim's sources were last checked, by the
	// oldest check; empty until every fetchable source has been checked once.
	Checked string
	// FollowURL links to the claim page's follow form; empty when alerts
	// are off.
	FollowURL string // --- alerts ---
}

// latestLine is a claim's newest public event in one line:
// "Disputed since Nov 20: two outlets report the recording was edited".
type latestLine struct {
	Lead string
	Note string
}

// resolvedItem is a settled claim: verdict, date and the note that settled it.
type resolvedItem struct {
	URL   string
	Text  string
	Badge badge
	Date  string
	Note  string
}

type qaItem struct {
	Question string
	Answer   string
}

// storyView gathers what buildStoryPage needs; settling holds, for resolved
// claims, the event that gave them their current status.
type storyView struct {
	detail   *claims.StoryDetail
	settling map[int64]claims.Event
	vocab    *claims.Vocabulary
	now      time.Time
}

func (s *Server) buildStoryPage(v storyView) storyPage {
	st := v.detail.Story
	p := storyPage{
		Meta:    s.meta(st.Title, st.Summary, storyURL(st.Slug)).withFeeds(feedLink{"Changes to this story", storyFeedPath(st.Slug)}, resolvedFeed),
		Title:   st.Title,
		Summary: st.Summary,
		Checked: checkedLine(v.now, v.detail.Sources),
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
	for _, qa := range st.Context {
		p.Context = append(p.Context, qaItem(qa))
	}
	p.SourceGroups, p.SourceSummary = groupSources(v.now, v.detail.Sources)
	s.withFollow(&p, st.Slug) // --- alerts ---
	return p
}

func newClaimCard(v storyView, c claims.ClaimSummary) claimCard {
	card := claimCard{
		URL:             claimURL(c.ID),
		Text:            c.Text,
		Badge:           newBadge(v.vocab, c.Status),
		Stale:           c.ReviewBy != nil && v.now.After(*c.ReviewBy),
		WhatWouldSettle: c.WhatWouldSettle,
		Tally:           tally(c.Supporting, c.Disputing),
	}
	if c.Latest != nil {
		card.Latest = &latestLine{Lead: eventLead(v.vocab, v.now, *c.Latest), Note: truncate(eventNote(*c.Latest), 160)}
	}
	if c.SourcesCheckedAt != nil {
		card.Checked = "sources checked " + relTime(v.now, *c.SourcesCheckedAt)
	}
	return card
}

// eventLead is "Disputed since Nov 20" for events that set a status, and
// "Evidence added Nov 21" for the others.
func eventLead(vocab *claims.Vocabulary, now time.Time, e claims.Event) string {
	if e.ToStatus != "" {
		return vocab.Get(e.ToStatus).Label + " since " + shortDate(now, e.At)
	}
	return e.Kind.Label() + " " + shortDate(now, e.At)
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

func tally(supporting, disputing int) string {
	if supporting == 0 && disputing == 0 {
		return "No source backs or disputes it yet"
	}
	back := strconv.Itoa(supporting) + " sources back it"
	if supporting == 1 {
		back = "1 source backs it"
	}
	against := strconv.Itoa(disputing) + " dispute it"
	if disputing == 1 {
		against = "1 disputes it"
	}
	return back + " · " + against
}

func newResolvedItem(v storyView, c claims.ClaimSummary) resolvedItem {
	it := resolvedItem{URL: claimURL(c.ID), Text: c.Text, Badge: newBadge(v.vocab, c.Status)}
	if c.ResolvedAt != nil {
		it.Date = longDate(*c.ResolvedAt)
	}
	if e, ok := v.settling[c.ID]; ok {
		it.Note = truncate(e.Note, 240)
		if it.Date == "" {
			it.Date = longDate(e.At)
		}
	}
	return it
}

// settlesClaim reports whether e gave c its current (resolved) status.
func settlesClaim(e *claims.Event, c claims.Claim) bool {
	return e != nil && e.ToStatus == c.Status &&
		(e.Kind == claims.EventStatusChanged || e.Kind == claims.EventClaimCreated)
}
