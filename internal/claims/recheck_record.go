package claims

import (
	"context"
	"time"
)

// RecordCheckInput is one check and what the re-check policy concluded.
type RecordCheckInput struct {
	// Prev is the source's state before this check.
	Prev  SourceState
	Check CheckRecord
	// Next is the check state to carry to the next check.
	Next CheckState
	// Events are recorded, in order, on every claim linked to the source.
	Events []EventKind
	// TextGz, when set, is stored as a new snapshot: the new text after a
	// change (with Diff) or a new baseline (Diff nil).
	TextGz []byte
	Diff   *TextDiff
	// NeedsReview says which events open a review item; nil opens none.
	NeedsReview func(EventKind) bool
	// Signals are what the claims' watches and quotes saw in the page.
	Signals []SignalUpdate
}

// RecordCheck stores one check of a source in one transaction: the check
// row, the source's new state and next check time, a snapshot when the text
// changed or was re-baselined, one timeline event per finding on every claim
// linked to the source (with review items for those that need an editor),
// and new revisions for the stories whose pages changed. ENOTFOUND for an
// unknown source.
func (s *Service) RecordCheck(ctx context.Context, sourceID int64, in RecordCheckInput) (*CheckRecord, error) {
	rec := in.Check
	rec.SourceID = sourceID
	if rec.At.IsZero() {
		rec.At = s.Now()
	}
	rec.At = rec.At.UTC().Truncate(time.Microsecond)
	err := s.tx(ctx, func(ctx context.Context) error {
		// SaveCheck answers ENOTFOUND for an unknown source; the source
		// itself is read only when there is news to tell about it.
		if err := s.store.SaveCheck(ctx, &rec, in.Next); err != nil {
			return err
		}
		if in.TextGz != nil {
			snap := &Snapshot{SourceID: sourceID, At: rec.At, TextGz: in.TextGz}
			if in.Diff != nil {
				snap.Diff = in.Diff.String()
			}
			if err := s.store.CreateSnapshot(ctx, snap); err != nil {
				return err
			}
		}
		touched := claimsByStory{}
		if err := s.recordSignals(ctx, sourceID, rec.At, in.Signals, touched); err != nil {
			return err
		}
		if len(in.Events) > 0 || in.Prev != rec.State {
			if err := s.recordSourceEvents(ctx, sourceID, &rec, in, touched); err != nil {
				return err
			}
		}
		return s.touchClaims(ctx, touched)
	})
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// recordSourceEvents puts the check's findings about the source itself on
// the timeline of every claim linked to it.
func (s *Service) recordSourceEvents(ctx context.Context, sourceID int64, rec *CheckRecord, in RecordCheckInput, touched claimsByStory) error {
	src, err := s.store.SourceByID(ctx, sourceID)
	if err != nil {
		return err
	}
	linked, err := s.store.ClaimsBySource(ctx, src.ID)
	if err != nil {
		return err
	}
	for _, c := range linked {
		for _, kind := range in.Events {
			ev := &Event{At: rec.At, StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: ptr(src.ID),
				Kind: kind, Actor: ActorRecheck.Name, Public: kind.PublicByDefault(),
				Payload: mustJSON(checkPayload(src, kind, rec, in.Diff))}
			if err := s.store.AppendEvent(ctx, ev); err != nil {
				return err
			}
			if in.NeedsReview != nil && in.NeedsReview(kind) {
				if err := s.openReview(ctx, ev); err != nil {
					return err
				}
			}
		}
		// The source's state and events show on every linked claim's page.
		touched.add(c)
	}
	return nil
}

// recordSignals stores what the claims' watches saw and puts the news on
// their timelines. A proposal for the status a claim already has is not
// made: the reading is enough.
func (s *Service) recordSignals(ctx context.Context, sourceID int64, at time.Time, ups []SignalUpdate, touched claimsByStory) error {
	byID := map[int64]*Claim{}
	for _, u := range ups {
		if err := s.store.SaveSignalState(ctx, SignalState{ClaimID: u.ClaimID, SourceID: sourceID, Key: u.Key,
			State: u.State, Value: u.Value, UpdatedAt: at}); err != nil {
			return err
		}
		if len(u.Events) == 0 {
			continue
		}
		c, ok := byID[u.ClaimID]
		if !ok {
			var err error
			if c, err = s.store.ClaimByID(ctx, u.ClaimID); err != nil {
				return err
			}
			byID[u.ClaimID] = c
		}
		for _, se := range u.Events {
			ev := &Event{At: at, StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: ptr(sourceID), Kind: se.Kind,
				Actor: ActorRecheck.Name, Public: se.Kind.PublicByDefault(), Note: se.Note, Payload: mustJSON(se.Payload)}
			if se.Kind == EventStatusProposed {
				if se.Propose == c.Status {
					continue
				}
				ev.FromStatus, ev.ToStatus = c.Status, se.Propose
			}
			if err := s.store.AppendEvent(ctx, ev); err != nil {
				return err
			}
			if se.Review {
				if err := s.openReview(ctx, ev); err != nil {
					return err
				}
			}
			if ev.Public {
				touched.add(*c)
			}
		}
	}
	return nil
}

// maxPayloadSentences bounds how many sentences of a diff go into each
// event: the timeline shows a summary, the snapshot keeps the whole diff.
const maxPayloadSentences = 3

// checkPayload is the event's detail: where the source was and what the
// check saw, and for a change the first sentences added and removed.
func checkPayload(src *Source, kind EventKind, rec *CheckRecord, diff *TextDiff) map[string]any {
	p := map[string]any{"url": src.URL, "state": string(rec.State)}
	if rec.StatusCode != 0 {
		p["status_code"] = rec.StatusCode
	}
	if rec.FinalURL != "" && rec.FinalURL != src.URL {
		p["final_url"] = rec.FinalURL
	}
	if rec.Error != "" {
		p["error"] = rec.Error
	}
	if rec.Finding != "" {
		p["finding"] = rec.Finding
	}
	if kind == EventSourceChanged && diff != nil {
		p["added_count"] = len(diff.Added)
		p["removed_count"] = len(diff.Removed)
		p["added"] = diff.Added[:min(len(diff.Added), maxPayloadSentences)]
		p["removed"] = diff.Removed[:min(len(diff.Removed), maxPayloadSentences)]
	}
	return p
}
