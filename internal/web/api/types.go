package api

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// The API's response types, kept apart from the domain types so that the
// wire format changes only on purpose.

// The story family, like the claim family below: StoryCore is what every
// form of a story carries, StoryBody the text a whole story adds; the list
// answers StorySummary, GET /stories/{slug} Story, and a write StoryRecord.
type StoryCore struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary"`
	URL       string    `json:"url"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StoryBody is a story's context, perspectives and facts.
type StoryBody struct {
	Context      []QA         `json:"context"`
	Perspectives Perspectives `json:"perspectives"`
	Facts        []Fact       `json:"facts"`
}

// StorySummary is a story as the list of stories shows it.
type StorySummary struct {
	StoryCore
	UnresolvedCount int `json:"unresolved_count"`
	ResolvedCount   int `json:"resolved_count"`
}

// Story is a published story with its claims.
type Story struct {
	StoryCore
	StoryBody
	Claims             []ClaimSummary `json:"claims"`
	UnresolvedClaimIDs []int64        `json:"unresolved_claim_ids"`
}

func (h *Handler) toAPIStoryCore(st claims.Story) StoryCore {
	return StoryCore{ID: st.ID, Slug: st.Slug, Title: st.Title, Summary: st.Summary, URL: h.Site.Abs(site.StoryURL(st.Slug)),
		Version: st.Version, CreatedAt: httpx.UTC(st.CreatedAt), UpdatedAt: httpx.UTC(st.UpdatedAt)}
}

func toAPIStoryBody(st claims.Story) StoryBody {
	out := StoryBody{Context: make([]QA, 0, len(st.Context)), Facts: toAPIFacts(st.Facts),
		Perspectives: Perspectives{Agree: nonNil(st.Perspectives.Agree), Split: nonNil(st.Perspectives.Split)}}
	for _, qa := range st.Context {
		out.Context = append(out.Context, QA(qa))
	}
	return out
}

// QA is one question and answer of a story's context.
type QA struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Perspectives are what the sides agree on and where they split.
type Perspectives struct {
	Agree []string `json:"agree"`
	Split []string `json:"split"`
}

// The claim family: ClaimCore is what every form of a claim carries; a
// story lists ClaimSummary, GET /claims/{id} answers Claim, and a
// write answers ClaimRecord.
type ClaimCore struct {
	ID              int64      `json:"id"`
	Text            string     `json:"text"`
	Status          string     `json:"status"`
	StatusLabel     string     `json:"status_label"`
	Resolved        bool       `json:"resolved"`
	Version         int        `json:"version"`
	WhatWouldSettle string     `json:"what_would_settle"`
	ResolvedAt      *time.Time `json:"resolved_at"`
	ReviewBy        *time.Time `json:"review_by"`
	URL             string     `json:"url"`
}

// ClaimSummary is a claim as its story lists it.
type ClaimSummary struct {
	ClaimCore
	Position          int `json:"position"`
	SupportingSources int `json:"supporting_sources"`
	DisputingSources  int `json:"disputing_sources"`
}

// ClaimDates are the claim's own times, which the full forms carry.
type ClaimDates struct {
	Withdrawn bool      `json:"withdrawn"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Claim is a claim with its story, evidence and linked sources.
type Claim struct {
	ClaimCore
	ClaimDates
	Story    StoryRef   `json:"story"`
	Evidence []Evidence `json:"evidence"`
	// Sources is the first page of the claim's sources in link order;
	// SourcesTotal counts them all and SourcesNext is the cursor of the
	// next page of GET /api/v1/claims/{id}/sources (null when Sources
	// holds them all).
	Sources      []LinkedSource `json:"sources"`
	SourcesTotal int            `json:"sources_total"`
	SourcesNext  *string        `json:"sources_next"`
}

// ClaimRecord is a claim's own fields, as a write returns them.
type ClaimRecord struct {
	ClaimCore
	ClaimDates
	StoryID    int64  `json:"story_id"`
	Position   int    `json:"position"`
	AssigneeID *int64 `json:"assignee_id"`
}

func (h *Handler) toAPIClaimCore(c claims.Claim) ClaimCore {
	st := h.Site.Vocab.Get(c.Status)
	return ClaimCore{ID: c.ID, Text: c.Text, Status: c.Status, StatusLabel: st.Label, Resolved: st.Resolved,
		Version: c.Version, WhatWouldSettle: c.WhatWouldSettle, ResolvedAt: httpx.UTCPtr(c.ResolvedAt),
		ReviewBy: httpx.UTCPtr(c.ReviewBy), URL: h.Site.Abs(site.ClaimURL(c.ID))}
}

func toAPIClaimDates(c claims.Claim) ClaimDates {
	return ClaimDates{Withdrawn: c.Withdrawn, CreatedAt: httpx.UTC(c.CreatedAt), UpdatedAt: httpx.UTC(c.UpdatedAt)}
}

func (h *Handler) toAPIClaimRecord(c claims.Claim) ClaimRecord {
	return ClaimRecord{ClaimCore: h.toAPIClaimCore(c), ClaimDates: toAPIClaimDates(c), StoryID: c.StoryID,
		Position: c.Position, AssigneeID: c.AssigneeID}
}

// StoryRef names the story a claim belongs to.
type StoryRef struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// Evidence is one piece of evidence for or against a claim.
type Evidence struct {
	ID        int64     `json:"id"`
	Summary   string    `json:"summary"`
	Stance    string    `json:"stance"`
	SourceID  *int64    `json:"source_id"`
	Quote     string    `json:"quote"`
	Actor     string    `json:"actor"`
	Withdrawn bool      `json:"withdrawn"`
	CreatedAt time.Time `json:"created_at"`
}

// Source is an outlet's article and what the re-checker knows of it.
type Source struct {
	ID            int64      `json:"id"`
	URL           string     `json:"url"`
	Outlet        string     `json:"outlet"`
	OutletKind    string     `json:"outlet_kind"`
	Title         string     `json:"title"`
	State         string     `json:"state"`
	LastCheckedAt *time.Time `json:"last_checked_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// LinkedSource is a source as a claim cites it.
type LinkedSource struct {
	Source
	Stance   string    `json:"stance"`
	LinkedAt time.Time `json:"linked_at"`
}

// Event is one entry of a claim's timeline.
type Event struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	Kind       string    `json:"kind"`
	KindLabel  string    `json:"kind_label"`
	Actor      string    `json:"actor"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	Note       string    `json:"note"`
	ClaimID    *int64    `json:"claim_id"`
	SourceID   *int64    `json:"source_id"`
}

func toAPISource(s claims.Source) Source {
	return Source{ID: s.ID, URL: s.URL, Outlet: s.Outlet, OutletKind: string(s.OutletKind), Title: s.Title,
		State: string(s.State), LastCheckedAt: httpx.UTCPtr(s.LastCheckedAt), CreatedAt: httpx.UTC(s.CreatedAt)}
}

func toAPIEvent(e claims.Event) Event {
	return Event{ID: e.ID, At: httpx.UTC(e.At), Kind: string(e.Kind), KindLabel: e.Kind.Label(), Actor: e.Actor,
		FromStatus: e.FromStatus, ToStatus: e.ToStatus, Note: e.Note, ClaimID: e.ClaimID, SourceID: e.SourceID}
}
