package claims

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

const (
	maxClaimText = 1000
	maxNote      = 5000
)

// ClaimDetail returns a claim with its story, evidence, sources and where it
// appeared, but none of its timeline (see ClaimPage). With public set,
// claims of unpublished stories are ENOTFOUND.
func (s *Service) ClaimDetail(ctx context.Context, id int64, public bool) (*ClaimDetail, error) {
	return s.claimDetail(ctx, id, public, false, 0)
}

// claimDetail is ClaimDetail with, when paged, one page of the sources
// (after the cursor) in place of them all.
func (s *Service) claimDetail(ctx context.Context, id int64, public, paged bool, after int64) (*ClaimDetail, error) {
	d, err := s.claimRecord(ctx, id, public, paged, after)
	if err != nil {
		return nil, err
	}
	as, err := s.store.AppearancesByClaim(ctx, id)
	if err != nil {
		return nil, err
	}
	d.Appearances = FirstAppearances(as)
	return d, nil
}

// ClaimRecord is ClaimDetail without the appearances and with the first
// page of the sources (SourcePage says how many there are and where the
// next page starts): the claim, its story, evidence and sources, for the
// API's claim. ENOTFOUND.
func (s *Service) ClaimRecord(ctx context.Context, id int64, public bool) (*ClaimDetail, error) {
	return s.claimRecord(ctx, id, public, true, 0)
}

func (s *Service) claimRecord(ctx context.Context, id int64, public, paged bool, after int64) (*ClaimDetail, error) {
	c, st, err := s.claimFor(ctx, id, public)
	if err != nil {
		return nil, err
	}
	d := &ClaimDetail{Claim: *c, Story: *st}
	if d.Evidence, err = s.store.EvidenceByClaim(ctx, id); err != nil {
		return nil, err
	}
	if paged {
		d.Sources, d.SourcePage, err = s.sourcePage(ctx, id, after, ClaimSourcesPageSize)
		return d, err
	}
	if d.Sources, err = s.store.SourcesByClaim(ctx, id); err != nil {
		return nil, err
	}
	d.SourcePage.Total = len(d.Sources)
	return d, nil
}

// Timeline returns one page of a claim's events, newest first. With public
// set, unpublished stories are ENOTFOUND and internal events are left out.
func (s *Service) Timeline(ctx context.Context, claimID int64, public bool, page Page) ([]Event, error) {
	if _, _, err := s.claimFor(ctx, claimID, public); err != nil {
		return nil, err
	}
	return s.store.Events(ctx, EventQuery{ClaimID: claimID, PublicOnly: public, Page: page.forRead()})
}

// Source returns any source by id, for editors; readers get PublicSource.
// ENOTFOUND.
func (s *Service) Source(ctx context.Context, id int64) (*Source, error) {
	return s.store.SourceByID(ctx, id)
}

// claimFor returns a claim and its story; with public set, a claim of an
// unpublished story is ENOTFOUND.
func (s *Service) claimFor(ctx context.Context, id int64, public bool) (*Claim, *Story, error) {
	c, err := s.store.ClaimByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	st, err := s.store.StoryByID(ctx, c.StoryID)
	if err != nil {
		return nil, nil, err
	}
	if public && !st.Published {
		return nil, nil, Errorf(ENOTFOUND, "claim %d not found", id)
	}
	return c, st, nil
}

// NewClaim is the input for AddClaim.
type NewClaim struct {
	Text            string
	Status          string
	WhatWouldSettle string
	Note            string
}

// AddClaim adds a claim to a story with a claim_created event. ENOTFOUND for
// an unknown story, EINVALID for bad input or an unknown status.
func (s *Service) AddClaim(ctx context.Context, actor Actor, storyID int64, in NewClaim) (*Claim, error) {
	c := &Claim{
		StoryID:         storyID,
		Text:            strings.TrimSpace(in.Text),
		Status:          strings.TrimSpace(in.Status),
		WhatWouldSettle: strings.TrimSpace(in.WhatWouldSettle),
	}
	if c.Status == "" {
		c.Status = s.vocab.Default()
	}
	if err := s.validateClaim(c); err != nil {
		return nil, err
	}
	// A new claim's page is its own; no other claim's page shows it.
	err := s.write(ctx, func() StoryChange { return StoryChange{StoryID: storyID, Claims: []int64{c.ID}} }, func(ctx context.Context) error {
		if _, err := s.store.StoryByID(ctx, storyID); err != nil {
			return err
		}
		// The import's cap holds for claims added one by one too (editor,
		// API scripts): a story of thousands makes a page nobody can read.
		standing, err := s.store.ClaimsByStory(ctx, storyID)
		if err != nil {
			return err
		}
		open := 0
		for _, sc := range standing {
			if !sc.Withdrawn {
				open++
			}
		}
		if open >= MaxStoryClaims {
			return Invalid("text", "the story already holds %d claims, the most a story may; split it into stories, or withdraw claims it no longer needs", open)
		}
		now := s.Now()
		c.CreatedAt, c.UpdatedAt = now, now
		if s.vocab.IsResolved(c.Status) {
			c.ResolvedAt = ptr(now)
		}
		if err := s.store.CreateClaim(ctx, c); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{
			At: now, StoryID: storyID, ClaimID: ptr(c.ID), Kind: EventClaimCreated,
			Actor: actor.Name, ActorID: actor.id(), ToStatus: c.Status, Note: strings.TrimSpace(in.Note), Public: true,
		})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Service) validateClaim(c *Claim) error {
	switch {
	case c.Text == "":
		return Invalid("text", "a claim needs its text")
	case len(c.Text) > maxClaimText:
		return Invalid("text", "the claim is longer than %d characters", maxClaimText)
	case len(c.WhatWouldSettle) > maxSummary:
		return Invalid("what_would_settle", "\"what would settle it\" is longer than %d characters", maxSummary)
	}
	_, err := s.vocab.Lookup(c.Status)
	return err
}

// ClaimPatch changes some of a claim's fields; nil fields stay as they are.
type ClaimPatch struct {
	Status          *string
	Text            *string
	WhatWouldSettle *string
	// ReviewBy sets the review date; a pointer to the zero time clears it.
	ReviewBy *time.Time
	// AssigneeID gives the claim to this editor; a pointer to 0 takes it
	// back.
	AssigneeID *int64
	// Note says why; required for a status change.
	Note string
	// Version is the version the editor read.
	Version int
}

// UpdateClaim applies p if the claim is still at p.Version, appending a
// status_changed event (with the note) for a new status and a claim_edited
// event for each other field changed (see FieldChange); a status change by
// a user also opens a review item for that event. ENOTFOUND; EINVALID for an
// unknown status, a status change without a note, or a patch that changes
// nothing; ECONFLICT, with the claim as it now stands in
// Error.Current, when someone else changed it first. Nothing is written on
// error.
func (s *Service) UpdateClaim(ctx context.Context, actor Actor, id int64, p ClaimPatch) (*Claim, error) {
	note := strings.TrimSpace(p.Note)
	if len(note) > maxNote {
		return nil, Invalid("note", "the note is longer than %d characters", maxNote)
	}
	var c *Claim
	err := s.writeClaim(ctx, id, func(ctx context.Context, got *Claim) error {
		c = got
		if c.Version != p.Version {
			return conflict(c)
		}
		if c.Withdrawn {
			return Errorf(EINVALID, "claim %d has been withdrawn and can no longer change", id)
		}
		before := *c
		patchTrimmed(&c.Text, p.Text)
		patchTrimmed(&c.WhatWouldSettle, p.WhatWouldSettle)
		if p.ReviewBy != nil {
			if p.ReviewBy.IsZero() {
				c.ReviewBy = nil
			} else {
				c.ReviewBy = ptr(p.ReviewBy.UTC().Truncate(time.Microsecond))
			}
		}
		if p.AssigneeID != nil {
			c.AssigneeID = nil
			if *p.AssigneeID != 0 {
				// Checked before writing: a failed foreign key would abort
				// the whole transaction on PostgreSQL.
				if _, err := s.assigneeName(ctx, *p.AssigneeID); err != nil {
					return err
				}
				c.AssigneeID = ptr(*p.AssigneeID)
			}
		}
		statusChanged := p.Status != nil && strings.TrimSpace(*p.Status) != c.Status
		if statusChanged {
			c.Status = strings.TrimSpace(*p.Status)
			if note == "" {
				return Invalid("note", "a status change needs a note saying why")
			}
		}
		if err := s.validateClaim(c); err != nil {
			return err
		}
		changes := fieldChanges(&before, c)
		if len(changes) == 0 && !statusChanged && sameID(before.AssigneeID, c.AssigneeID) {
			// A version changes only together with an event; a note on its
			// own belongs to the notes.
			return Errorf(EINVALID, "nothing changed: the edit leaves the claim as it stands (a note on its own goes to the claim's notes)")
		}
		now := s.Now()
		c.UpdatedAt = now
		if statusChanged {
			switch {
			case s.vocab.IsResolved(c.Status) && !s.vocab.IsResolved(before.Status):
				c.ResolvedAt = ptr(now)
			case !s.vocab.IsResolved(c.Status):
				c.ResolvedAt = nil
			}
		}
		if err := s.store.UpdateClaim(ctx, c, p.Version); err != nil {
			if ErrorCode(err) == ECONFLICT {
				if cur, e2 := s.store.ClaimByID(ctx, id); e2 == nil {
					return conflict(cur)
				}
			}
			return err
		}
		ev := Event{At: now, StoryID: c.StoryID, ClaimID: ptr(c.ID), Actor: actor.Name, ActorID: actor.id(), Public: true}
		// One claim_edited event per field changed, each with its old and
		// new value, so the record says what changed, not just that
		// something did.
		for _, ch := range changes {
			e := ev
			e.Kind = EventClaimEdited
			e.Public = ch.Field != FieldReviewBy // editors' scheduling, not news
			e.Payload = mustJSON(ch)
			if !statusChanged {
				e.Note = note
			}
			if err := s.store.AppendEvent(ctx, &e); err != nil {
				return err
			}
		}
		if !sameID(before.AssigneeID, c.AssigneeID) {
			e, err := s.assignEvent(ctx, ev, before.AssigneeID, c.AssigneeID)
			if err != nil {
				return err
			}
			if err := s.store.AppendEvent(ctx, e); err != nil {
				return err
			}
		}
		if statusChanged {
			e := ev
			e.Kind, e.FromStatus, e.ToStatus, e.Note = EventStatusChanged, before.Status, c.Status, note
			if err := s.store.AppendEvent(ctx, &e); err != nil {
				return err
			}
			if err := s.runStatusHooks(ctx, e, c, before.Status); err != nil {
				return err
			}
			// A person's status change gets a second pair of eyes; the
			// system's own changes are reviewed through their proposals.
			if actor.UserID != 0 {
				if err := s.openReview(ctx, &e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// runStatusHooks tells the OnStatusChange hooks of a status change inside
// its transaction.
func (s *Service) runStatusHooks(ctx context.Context, ev Event, c *Claim, from string) error {
	if len(s.statusHooks) == 0 {
		return nil
	}
	st, err := s.store.StoryByID(ctx, c.StoryID)
	if err != nil {
		return err
	}
	ch := StatusTransition{Event: ev, Claim: *c, StoryPublished: st.Published,
		FromResolved: s.vocab.IsResolved(from), ToResolved: s.vocab.IsResolved(c.Status)}
	for _, fn := range s.statusHooks {
		if err := fn(ctx, ch); err != nil {
			return err
		}
	}
	return nil
}

func conflict(c *Claim) error {
	return &Error{Code: ECONFLICT, Message: "the claim was changed by someone else since you loaded it", Current: *c}
}

// WithdrawClaim marks a mistaken claim withdrawn with a public event; it stays
// on the record. ENOTFOUND; EINVALID without a note.
func (s *Service) WithdrawClaim(ctx context.Context, actor Actor, id int64, note string) (*Claim, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, Invalid("note", "withdrawing a claim needs a note saying why")
	}
	var c *Claim
	err := s.writeClaim(ctx, id, func(ctx context.Context, got *Claim) error {
		c = got
		if c.Withdrawn {
			return nil
		}
		v := c.Version
		c.Withdrawn = true
		c.UpdatedAt = s.Now()
		if err := s.store.UpdateClaim(ctx, c, v); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{At: c.UpdatedAt, StoryID: c.StoryID, ClaimID: ptr(c.ID),
			Kind: EventClaimWithdrawn, Actor: actor.Name, ActorID: actor.id(), Note: note, Public: true})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// AddNote appends an internal note (editors only) to a claim's timeline.
func (s *Service) AddNote(ctx context.Context, actor Actor, claimID int64, text string) (*Event, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, Invalid("text", "the note is empty")
	}
	if len(text) > maxNote {
		return nil, Invalid("text", "the note is longer than %d characters", maxNote)
	}
	var ev *Event
	err := s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		ev = &Event{At: s.Now(), StoryID: c.StoryID, ClaimID: ptr(c.ID), Kind: EventNoteAdded,
			Actor: actor.Name, ActorID: actor.id(), Note: text, Public: false}
		return s.store.AppendEvent(ctx, ev)
	})
	return ev, err
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with maps of strings
	}
	return b
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
