package claims

import "time"

// Claim is one checkable statement of a story.
type Claim struct {
	ID      int64
	StoryID int64
	Text    string
	// Status is an id from the Vocabulary in force.
	Status string
	// WhatWouldSettle says what evidence would resolve the claim.
	WhatWouldSettle string
	Position        int
	// Version increases with every change (optimistic locking).
	Version    int
	ResolvedAt *time.Time
	// ReviewBy is when an editor should look at the claim again; past it,
	// readers are told the claim may be out of date.
	ReviewBy  *time.Time
	Withdrawn bool
	// AssigneeID is the editor working on the claim; nil for nobody.
	AssigneeID *int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ClaimDetail is a claim with everything its page shows.
type ClaimDetail struct {
	Claim    Claim
	Story    Story
	Evidence []Evidence
	// Sources are the claim's sources in link order: all of them, or one
	// page when SourcePage says where it starts and what comes next.
	Sources    []LinkedSource
	SourcePage SourcePage
	// Named are the linked sources that the evidence and the timeline's
	// page name, by id, listed among Sources or not (ClaimPage reads them).
	Named map[int64]Source
	// Appearances are where the claim was made, earliest first.
	Appearances []Appearance
	// Settled is the event that gave the claim its current status (see
	// GaveStatus); Withdrawals the events that withdrew its evidence, by
	// evidence id; Timeline one page of its events. ClaimPage reads them;
	// ClaimDetail leaves them empty.
	Settled     *Event
	Withdrawals map[int64]Event
	Timeline    TimelinePage
}
