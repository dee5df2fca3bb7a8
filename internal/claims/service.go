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
	// changed is told, after commit, which story's page changed.
	changed []func(storyID int64)
}

// NewService returns a service over store using vocab. now may be nil for the
// real clock.
func NewService(store Store, vocab *Vocabulary, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, vocab: vocab, now: now}
}

// OnStoryChanged registers fn to be called after every committed write that
// changes what a story's page shows. Register before serving.
func (s *Service) OnStoryChanged(fn func(storyID int64)) { s.changed = append(s.changed, fn) }

// Vocabulary returns the status vocabulary in force.
func (s *Service) Vocabulary() *Vocabulary { return s.vocab }

// Now returns the service clock's time in UTC, truncated to microseconds as
// both databases store it.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// write runs fn in a transaction, bumps the story's revision inside it, and
// tells the listeners once it has committed.
func (s *Service) write(ctx context.Context, storyID func() int64, fn func(ctx context.Context) error) error {
	var id int64
	err := s.store.Tx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		id = storyID()
		_, err := s.store.BumpStoryRevision(ctx, id)
		return err
	})
	if err != nil {
		return err
	}
	for _, fn := range s.changed {
		fn(id)
	}
	return nil
}

// Ping checks that storage is ready.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

func ptr[T any](v T) *T { return &v }
