package claims

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ReviewState is where a review item stands. Items live beside the timeline,
// not in it, so that events stay immutable while items are worked through.
type ReviewState string

// Review states.
const (
	ReviewOpen      ReviewState = "open"
	ReviewReviewed  ReviewState = "reviewed"
	ReviewAccepted  ReviewState = "accepted"
	ReviewDismissed ReviewState = "dismissed"
)

// ReviewItem asks editors to look at one timeline event.
type ReviewItem struct {
	ID       int64
	EventID  int64
	Event    Event
	State    ReviewState
	OpenedAt time.Time
	// ClosedBy names who closed the item; empty while open.
	ClosedBy   string
	ClosedByID *int64
	ClosedAt   *time.Time
}

// ReviewQuery selects review items.
type ReviewQuery struct {
	// State filters by state; empty means open.
	State ReviewState
	// ExcludeActorID leaves out items about events the viewer made: nobody
	// needs to review their own change.
	ExcludeActorID int64
	Page           Page
}

// ReviewStore is what the review queue needs from storage.
type ReviewStore interface {
	// CreateReviewItem sets ID.
	CreateReviewItem(ctx context.Context, r *ReviewItem) error
	// ReviewItems returns items newest first, each with its event.
	ReviewItems(ctx context.Context, q ReviewQuery) ([]ReviewItem, error)
	// ReviewItemByID returns ENOTFOUND for an unknown id.
	ReviewItemByID(ctx context.Context, id int64) (*ReviewItem, error)
	// CloseReviewItem moves an open item to state; ECONFLICT when it is no
	// longer open (someone else closed it first).
	CloseReviewItem(ctx context.Context, id int64, state ReviewState, by Actor, at time.Time) error
}

// ReviewQueue returns review items for viewer, newest first.
func (s *Service) ReviewQueue(ctx context.Context, viewer Actor, q ReviewQuery) ([]ReviewItem, error) {
	if q.State == "" {
		q.State = ReviewOpen
	}
	q.ExcludeActorID = viewer.UserID
	q.Page = q.Page.forRead()
	return s.store.ReviewItems(ctx, q)
}

// MarkReviewed closes an item as seen. ENOTFOUND; ECONFLICT when already closed.
func (s *Service) MarkReviewed(ctx context.Context, actor Actor, id int64) (*ReviewItem, error) {
	return s.closeItem(ctx, actor, id, ReviewReviewed, func(ctx context.Context, r *ReviewItem) error { return nil })
}

// DismissProposal closes an item without acting on it. ENOTFOUND; ECONFLICT
// when already closed.
func (s *Service) DismissProposal(ctx context.Context, actor Actor, id int64) (*ReviewItem, error) {
	return s.closeItem(ctx, actor, id, ReviewDismissed, func(ctx context.Context, r *ReviewItem) error { return nil })
}

// AcceptProposal applies a status proposal: the claim moves to the proposed
// status with a note citing the proposal, in the same transaction as closing
// the item. ENOTFOUND; EINVALID when the item is not a proposal; ECONFLICT
// when the item is closed or the claim changed since the proposal.
func (s *Service) AcceptProposal(ctx context.Context, actor Actor, id int64, note string) (*ReviewItem, error) {
	return s.closeItem(ctx, actor, id, ReviewAccepted, func(ctx context.Context, r *ReviewItem) error {
		ev := r.Event
		if ev.Kind != EventStatusProposed || ev.ClaimID == nil || ev.ToStatus == "" {
			return Errorf(EINVALID, "review item %d is not a status proposal", id)
		}
		c, err := s.store.ClaimByID(ctx, *ev.ClaimID)
		if err != nil {
			return err
		}
		if ev.FromStatus != "" && c.Status != ev.FromStatus {
			return Errorf(ECONFLICT, "the claim is now %q; the proposal was made when it was %q", c.Status, ev.FromStatus)
		}
		full := fmt.Sprintf("Accepted proposal: %s", ev.Note)
		if n := strings.TrimSpace(note); n != "" {
			full = n + " — " + full
		}
		to := ev.ToStatus
		_, err = s.UpdateClaim(ctx, actor, c.ID, ClaimPatch{Status: &to, Note: full, Version: c.Version})
		return err
	})
}

func (s *Service) closeItem(ctx context.Context, actor Actor, id int64, state ReviewState, apply func(ctx context.Context, r *ReviewItem) error) (*ReviewItem, error) {
	var r *ReviewItem
	// s.tx, not the store's: accepting a proposal changes a claim, and the
	// page caches must hear of it only once everything has committed.
	err := s.tx(ctx, func(ctx context.Context) error {
		var err error
		if r, err = s.store.ReviewItemByID(ctx, id); err != nil {
			return err
		}
		if r.State != ReviewOpen {
			return Errorf(ECONFLICT, "review item %d was already %s by %s", id, r.State, r.ClosedBy)
		}
		// A review is a second pair of eyes: the author of a change cannot
		// close the item about it, even though it is hidden from their queue.
		if r.Event.ActorID != nil && actor.UserID != 0 && *r.Event.ActorID == actor.UserID {
			return Errorf(EFORBIDDEN, "review item %d is about your own change; another editor must review it", id)
		}
		if err := apply(ctx, r); err != nil {
			return err
		}
		now := s.Now()
		if err := s.store.CloseReviewItem(ctx, id, state, actor, now); err != nil {
			return err
		}
		r.State, r.ClosedBy, r.ClosedByID, r.ClosedAt = state, actor.Name, actor.id(), &now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// openReview opens a review item for ev inside the caller's transaction.
func (s *Service) openReview(ctx context.Context, ev *Event) error {
	return s.store.CreateReviewItem(ctx, &ReviewItem{EventID: ev.ID, Event: *ev, State: ReviewOpen, OpenedAt: ev.At})
}
