package claims

import (
	"context"
)

// FeedEntry is one public timeline event with what it is about, for feeds.
type FeedEntry struct {
	Event Event
	Story Story
	// Claim is nil for story-level events.
	Claim *Claim
}

// StoryFeed returns the newest public events of a published story, at most
// limit. ENOTFOUND for an unknown slug or a draft.
func (s *Service) StoryFeed(ctx context.Context, slug string, limit int) (*Story, []FeedEntry, error) {
	st, err := s.PublicStory(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	entries, err := s.storyEntries(ctx, *st, limit, func(Event) bool { return true })
	return st, entries, err
}

// ResolvedFeed returns the newest events that gave a claim of a published
// story a resolved status (a first resolution or a corrected one), at most
// limit, newest first. It reads only events that set a resolved status, so
// the readings and findings a busy story piles up cannot crowd them out.
func (s *Service) ResolvedFeed(ctx context.Context, limit int) ([]FeedEntry, error) {
	var resolved []string
	for _, st := range s.vocab.All() {
		if st.Resolved {
			resolved = append(resolved, st.ID)
		}
	}
	stories := map[int64]*Story{}
	claimsOf := map[int64]map[int64]*Claim{}
	var out []FeedEntry
	page := Page{Limit: MaxPageLimit}
	for len(out) < limit {
		events, err := s.store.Events(ctx, EventQuery{PublicOnly: true, ToStatuses: resolved, Page: page})
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if e.FromStatus == e.ToStatus || e.ClaimID == nil || len(out) == limit {
				continue
			}
			st, ok := stories[e.StoryID]
			if !ok {
				if st, err = s.store.StoryByID(ctx, e.StoryID); err != nil {
					return nil, err
				}
				stories[e.StoryID] = st
				cs, err := s.store.ClaimsByStory(ctx, st.ID)
				if err != nil {
					return nil, err
				}
				claimsOf[st.ID] = map[int64]*Claim{}
				for i := range cs {
					claimsOf[st.ID][cs[i].ID] = &cs[i]
				}
			}
			if st.Published {
				out = append(out, FeedEntry{Event: e, Story: *st, Claim: claimsOf[st.ID][*e.ClaimID]})
			}
		}
		if len(events) < page.Limit {
			break
		}
		page.Before = events[len(events)-1].ID
	}
	return out, nil
}

func (s *Service) storyEntries(ctx context.Context, st Story, limit int, keep func(Event) bool) ([]FeedEntry, error) {
	events, err := s.store.Events(ctx, EventQuery{StoryID: st.ID, PublicOnly: true, Page: Page{Limit: limit}.Normalize()})
	if err != nil {
		return nil, err
	}
	cs, err := s.store.ClaimsByStory(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Claim, len(cs))
	for i := range cs {
		byID[cs[i].ID] = &cs[i]
	}
	var out []FeedEntry
	for _, e := range events {
		if !keep(e) {
			continue
		}
		en := FeedEntry{Event: e, Story: st}
		if e.ClaimID != nil {
			en.Claim = byID[*e.ClaimID]
		}
		out = append(out, en)
	}
	return out, nil
}
