package claims

import (
	"context"
	"time"
)

// PublicSource returns a source that readers may see: one linked (and not
// since unlinked) to a claim of a published story. Every other source is
// ENOTFOUND, so readers cannot probe the sources of drafts by id.
func (s *Service) PublicSource(ctx context.Context, id int64) (*Source, error) {
	ok, err := s.store.SourceIsPublic(ctx, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(ENOTFOUND, "source %d not found", id)
	}
	return s.store.SourceByID(ctx, id)
}

// ClaimsDueForReview returns the claims, not withdrawn, whose "review by"
// date has passed at now, earliest first.
func (s *Service) ClaimsDueForReview(ctx context.Context, now time.Time) ([]Claim, error) {
	return s.store.ClaimsDueForReview(ctx, now.UTC())
}

// RecentEvents returns the newest timeline events (internal ones included,
// for editors) not made by the user excludeActorID (0 = everyone's).
func (s *Service) RecentEvents(ctx context.Context, excludeActorID int64, limit int) ([]Event, error) {
	return s.store.Events(ctx, EventQuery{ExcludeActorID: excludeActorID, Page: Page{Limit: limit}.Normalize()})
}

// AddClaimToStory adds a claim to the story with the given slug (see
// AddClaim). ENOTFOUND for an unknown slug; EINVALID.
func (s *Service) AddClaimToStory(ctx context.Context, actor Actor, slug string, in NewClaim) (*Claim, error) {
	st, err := s.store.StoryBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.AddClaim(ctx, actor, st.ID, in)
}
