package web

import (
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// The API's response types, kept apart from the domain types so that the
// wire format changes only on purpose.

type apiStorySummary struct {
	ID              int64     `json:"id"`
	Slug            string    `json:"slug"`
	Title           string    `json:"title"`
	Summary         string    `json:"summary"`
	URL             string    `json:"url"`
	UnresolvedCount int       `json:"unresolved_count"`
	ResolvedCount   int       `json:"resolved_count"`
	Version         int       `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

type apiStory struct {
	ID                 int64             `json:"id"`
	Slug               string            `json:"slug"`
	Title              string            `json:"title"`
	Summary            string            `json:"summary"`
	URL                string            `json:"url"`
	Context            []apiQA           `json:"context"`
	Perspectives       apiPerspectives   `json:"perspectives"`
	Facts              []apiFact         `json:"facts"`
	Version            int               `json:"version"`
	CreatedAt          time.Time         `json:"created_at"`
	UpdatedAt          time.Time         `json:"updated_at"`
	Claims             []apiClaimSummary `json:"claims"`
	UnresolvedClaimIDs []int64           `json:"unresolved_claim_ids"`
}

type apiQA struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

type apiPerspectives struct {
	Agree []string `json:"agree"`
	Split []string `json:"split"`
}

// The claim family: apiClaimCore is what every form of a claim carries; a
// story lists apiClaimSummary, GET /claims/{id} answers apiClaim, and a
// write answers apiClaimRecord.
type apiClaimCore struct {
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

// apiClaimSummary is a claim as its story lists it.
type apiClaimSummary struct {
	apiClaimCore
	Position          int `json:"position"`
	SupportingSources int `json:"supporting_sources"`
	DisputingSources  int `json:"disputing_sources"`
}

// apiClaimDates are the claim's own times, which the full forms carry.
type apiClaimDates struct {
	Withdrawn bool      `json:"withdrawn"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// apiClaim is a claim with its story, evidence and linked sources.
type apiClaim struct {
	apiClaimCore
	apiClaimDates
	Story    apiStoryRef       `json:"story"`
	Evidence []apiEvidence     `json:"evidence"`
	Sources  []apiLinkedSource `json:"sources"`
}

// apiClaimRecord is a claim's own fields, as a write returns them.
type apiClaimRecord struct {
	apiClaimCore
	apiClaimDates
	StoryID    int64  `json:"story_id"`
	Position   int    `json:"position"`
	AssigneeID *int64 `json:"assignee_id"`
}

func (s *Server) toAPIClaimCore(c claims.Claim) apiClaimCore {
	st := s.vocab.Get(c.Status)
	return apiClaimCore{ID: c.ID, Text: c.Text, Status: c.Status, StatusLabel: st.Label, Resolved: st.Resolved,
		Version: c.Version, WhatWouldSettle: c.WhatWouldSettle, ResolvedAt: httpx.UTCPtr(c.ResolvedAt),
		ReviewBy: httpx.UTCPtr(c.ReviewBy), URL: s.site.Abs(site.ClaimURL(c.ID))}
}

func toAPIClaimDates(c claims.Claim) apiClaimDates {
	return apiClaimDates{Withdrawn: c.Withdrawn, CreatedAt: httpx.UTC(c.CreatedAt), UpdatedAt: httpx.UTC(c.UpdatedAt)}
}

func (s *Server) toAPIClaimRecord(c claims.Claim) apiClaimRecord {
	return apiClaimRecord{apiClaimCore: s.toAPIClaimCore(c), apiClaimDates: toAPIClaimDates(c), StoryID: c.StoryID,
		Position: c.Position, AssigneeID: c.AssigneeID}
}

type apiStoryRef struct {
	ID    int64  `json:"id"`
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

type apiEvidence struct {
	ID        int64     `json:"id"`
	Summary   string    `json:"summary"`
	Stance    string    `json:"stance"`
	SourceID  *int64    `json:"source_id"`
	Quote     string    `json:"quote"`
	Actor     string    `json:"actor"`
	Withdrawn bool      `json:"withdrawn"`
	CreatedAt time.Time `json:"created_at"`
}

type apiSource struct {
	ID            int64      `json:"id"`
	URL           string     `json:"url"`
	Outlet        string     `json:"outlet"`
	OutletKind    string     `json:"outlet_kind"`
	Title         string     `json:"title"`
	State         string     `json:"state"`
	LastCheckedAt *time.Time `json:"last_checked_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

type apiLinkedSource struct {
	apiSource
	Stance   string    `json:"stance"`
	LinkedAt time.Time `json:"linked_at"`
}

type apiEvent struct {
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

func toAPISource(s claims.Source) apiSource {
	return apiSource{ID: s.ID, URL: s.URL, Outlet: s.Outlet, OutletKind: string(s.OutletKind), Title: s.Title,
		State: string(s.State), LastCheckedAt: httpx.UTCPtr(s.LastCheckedAt), CreatedAt: httpx.UTC(s.CreatedAt)}
}

func toAPIEvent(e claims.Event) apiEvent {
	return apiEvent{ID: e.ID, At: httpx.UTC(e.At), Kind: string(e.Kind), KindLabel: e.Kind.Label(), Actor: e.Actor,
		FromStatus: e.FromStatus, ToStatus: e.ToStatus, Note: e.Note, ClaimID: e.ClaimID, SourceID: e.SourceID}
}
