package claims

import (
	"context"
	"time"
)

// Service holds claimtrack's business rules. Every write appends its timeline
// event in the same transaction as the change.
type Service struct {
	store Store
	vocab *Vocabulary
	now   func() time.Time
	// changed is told, after commit, what each write changed.
	changed []func(StoryChange)
	// watchSyntax checks number watches' patterns (see UseWatchSyntax).
	watchSyntax WatchSyntax
	// statusHooks run inside the transaction of every status change.
	statusHooks []func(ctx context.Context, ch StatusTransition) error
	// eventHooks run inside the transaction of every appended event.
	eventHooks []func(ctx context.Context, e Event) error
}

// NewService returns a service over store using vocab. now may be nil for the
// real clock.
func NewService(store Store, vocab *Vocabulary, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{vocab: vocab, now: now}
	s.store = eventHooks{Store: store, s: s}
	return s
}

// eventHooks is the service's view of its store: every event appended, by
// any rule of the domain, also runs the OnEvent hooks in its transaction.
// Wrapping the one method keeps the hooks from depending on every writer
// remembering to call them.
type eventHooks struct {
	Store
	s *Service
}

func (h eventHooks) AppendEvent(ctx context.Context, e *Event) error {
	if err := h.Store.AppendEvent(ctx, e); err != nil {
		return err
	}
	for _, fn := range h.s.eventHooks {
		if err := fn(ctx, *e); err != nil {
			return err
		}
	}
	return nil
}

// OnEvent registers fn to run inside the transaction of every event appended
// to a timeline, after the event has its ID: what fn writes commits with the
// event or not at all (webhook deliveries). Register before serving.
func (s *Service) OnEvent(fn func(ctx context.Context, e Event) error) {
	s.eventHooks = append(s.eventHooks, fn)
}

// OnStoryChanged registers fn to be called after every committed write that
// changes what a story's page shows, once per story written, with the
// claims whose pages changed (see StoryChange). Register before serving.
func (s *Service) OnStoryChanged(fn func(StoryChange)) { s.changed = append(s.changed, fn) }

// StatusTransition describes a claim's status change to the hooks registered
// with OnStatusChange, before it commits.
type StatusTransition struct {
	// Event is the status_changed event, already appended (ID set).
	Event Event
	// Claim is the claim as it now stands.
	Claim Claim
	// StoryPublished tells whether readers can see the claim's story.
	StoryPublished bool
	// FromResolved and ToResolved say whether the old and new statuses count
	// as resolved in the vocabulary in force.
	FromResolved, ToResolved bool
}

// OnStatusChange registers fn to run inside the transaction of every status
// change, after its event is appended: whatever fn writes commits with the
// change or not at all, and an error from fn rolls the change back. This is
// how email alerts get into their outbox without ever being lost or sent
// for a change that did not happen. Register before serving.
func (s *Service) OnStatusChange(fn func(ctx context.Context, ch StatusTransition) error) {
	s.statusHooks = append(s.statusHooks, fn)
}

// Vocabulary returns the status vocabulary in force.
func (s *Service) Vocabulary() *Vocabulary { return s.vocab }

// Now returns the service clock's time in UTC, truncated to microseconds as
// both databases store it.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

type pendingKey struct{}

// tx runs fn in one transaction and, once it has committed, tells the
// listeners which stories changed, each once with what changed of it.
// Nested calls join the outer transaction and leave the telling to it, so no
// listener hears of a write that may still roll back.
func (s *Service) tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, nested := ctx.Value(pendingKey{}).(*[]StoryChange); nested {
		return s.store.Tx(ctx, fn)
	}
	var changed []StoryChange
	ctx = context.WithValue(ctx, pendingKey{}, &changed)
	if err := s.store.Tx(ctx, fn); err != nil {
		return err
	}
	for _, ch := range changed {
		for _, fn := range s.changed {
			fn(ch)
		}
	}
	return nil
}

// touch bumps a story's revision inside the current transaction and notes
// the change for the listeners, folded into any earlier one of the story.
func (s *Service) touch(ctx context.Context, ch StoryChange) error {
	if _, err := s.store.BumpStoryRevision(ctx, ch); err != nil {
		return err
	}
	pending, ok := ctx.Value(pendingKey{}).(*[]StoryChange)
	if !ok {
		return nil
	}
	for i, p := range *pending {
		if p.StoryID == ch.StoryID {
			(*pending)[i] = p.merge(ch)
			return nil
		}
	}
	*pending = append(*pending, ch)
	return nil
}

// write runs fn in a transaction (see tx) and then bumps the revision of the
// story that change names once fn has succeeded.
func (s *Service) write(ctx context.Context, change func() StoryChange, fn func(ctx context.Context) error) error {
	return s.tx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return s.touch(ctx, change())
	})
}

// writeClaim is write for a change to one claim: fn gets the claim, read
// in the same transaction (ENOTFOUND when there is none), and the claim's
// story is the one touched, with this claim alone: fn must change nothing
// another claim's page shows.
func (s *Service) writeClaim(ctx context.Context, claimID int64, fn func(ctx context.Context, c *Claim) error) error {
	var storyID int64
	return s.write(ctx, func() StoryChange { return StoryChange{StoryID: storyID, Claims: []int64{claimID}} }, func(ctx context.Context) error {
		c, err := s.store.ClaimByID(ctx, claimID)
		if err != nil {
			return err
		}
		storyID = c.StoryID
		return fn(ctx, c)
	})
}

// Ping checks that storage is ready.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// ProbeWrite checks that storage takes writes, with one tiny write of its
// own. EUNAVAILABLE when it does not.
func (s *Service) ProbeWrite(ctx context.Context) error { return s.store.ProbeWrite(ctx) }

func ptr[T any](v T) *T { return &v }
