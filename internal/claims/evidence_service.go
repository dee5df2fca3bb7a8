package claims

import (
	"context"
	"strings"
)

// NewEvidence is the input for AddEvidence.
type NewEvidence struct {
	Summary string
	Stance  string
	// SourceURL, when set, links the evidence to that source (created when
	// unknown, with Outlet as its outlet).
	SourceURL string
	Outlet    string
	// SourceID, when set, cites one of the claim's linked sources instead.
	SourceID int64
	Quote    string
}

// AddEvidence adds evidence to a claim with an evidence_added event.
// ENOTFOUND, EINVALID.
func (s *Service) AddEvidence(ctx context.Context, actor Actor, claimID int64, in NewEvidence) (*Evidence, error) {
	stance, err := ParseStance(in.Stance)
	if err != nil {
		return nil, err
	}
	e := &Evidence{ClaimID: claimID, Summary: strings.TrimSpace(in.Summary), Stance: stance,
		Quote: strings.TrimSpace(in.Quote), Actor: actor.Name, ActorID: actor.id()}
	if e.Summary == "" {
		return nil, Invalid("summary", "evidence needs a summary")
	}
	if len(e.Summary) > maxSummary || len(e.Quote) > maxSummary {
		return nil, Invalid("summary", "the evidence is longer than %d characters", maxSummary)
	}
	var url string
	if strings.TrimSpace(in.SourceURL) != "" {
		if url, err = NormalizeURL(in.SourceURL); err != nil {
			return nil, err
		}
	}
	err = s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		if in.SourceID != 0 && url == "" {
			if err := s.mustBeLinked(ctx, claimID, in.SourceID); err != nil {
				return err
			}
			e.SourceID = ptr(in.SourceID)
		}
		if url != "" {
			src, err := s.sourceFor(ctx, url, in.Outlet, OutletIndependent, "")
			if err != nil {
				return err
			}
			e.SourceID = ptr(src.ID)
		}
		e.CreatedAt = s.Now()
		if err := s.store.CreateEvidence(ctx, e); err != nil {
			return err
		}
		// The next sweep reads the whole page to look for the new quote.
		if e.SourceID != nil && e.Quote != "" {
			if err := s.store.RefetchSources(ctx, []int64{*e.SourceID}, e.CreatedAt); err != nil {
				return err
			}
		}
		return s.store.AppendEvent(ctx, &Event{At: e.CreatedAt, StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: e.SourceID,
			Kind: EventEvidenceAdded, Actor: actor.Name, ActorID: actor.id(), Note: e.Summary, Public: true,
			Payload: mustJSON(map[string]any{"evidence_id": e.ID, "stance": string(e.Stance)})})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// WithdrawEvidence marks evidence withdrawn with a public event; it stays on
// the record. ENOTFOUND; EINVALID without a note.
func (s *Service) WithdrawEvidence(ctx context.Context, actor Actor, id int64, note string) (*Evidence, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, Invalid("note", "withdrawing evidence needs a note saying why")
	}
	var e *Evidence
	var c *Claim
	err := s.write(ctx, func() StoryChange { return StoryChange{StoryID: c.StoryID, Claims: []int64{c.ID}} }, func(ctx context.Context) error {
		var err error
		if e, err = s.store.EvidenceByID(ctx, id); err != nil {
			return err
		}
		if c, err = s.store.ClaimByID(ctx, e.ClaimID); err != nil {
			return err
		}
		if e.Withdrawn {
			return nil
		}
		if err := s.store.WithdrawEvidence(ctx, id); err != nil {
			return err
		}
		e.Withdrawn = true
		return s.store.AppendEvent(ctx, &Event{At: s.Now(), StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: e.SourceID,
			Kind: EventEvidenceWithdrawn, Actor: actor.Name, ActorID: actor.id(), Note: note, Public: true,
			Payload: mustJSON(map[string]any{"evidence_id": e.ID})})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}
