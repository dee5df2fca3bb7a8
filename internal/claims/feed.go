package claims

import (
	"context"
	"slices"
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
	claimsByID := map[int64]*Claim{}
	var out []FeedEntry
	page := Page{Limit: MaxPageLimit}
	for len(out) < limit {
		events, err := s.store.Events(ctx, EventQuery{PublicOnly: true, ToStatuses: resolved, Page: page})
		if err != nil {
			return nil, err
		}
		if err := s.loadFeedContext(ctx, events, stories, claimsByID); err != nil {
			return nil, err
		}
		for _, e := range events {
			if e.FromStatus == e.ToStatus || e.ClaimID == nil || len(out) == limit {
				continue
			}
			if st := stories[e.StoryID]; st != nil && st.Published {
				out = append(out, FeedEntry{Event: e, Story: *st, Claim: claimsByID[*e.ClaimID]})
			}
		}
		if len(events) < page.Limit {
			break
		}
		page.Before = events[len(events)-1].ID
	}
	return out, nil
}

// loadFeedContext reads the stories of events, and their claims, that are
// not in the maps yet: two queries for a page of events, however many
// stories it touches.
func (s *Service) loadFeedContext(ctx context.Context, events []Event, stories map[int64]*Story, claimsByID map[int64]*Claim) error {
	var missing []int64
	for _, e := range events {
		if _, ok := stories[e.StoryID]; !ok && !slices.Contains(missing, e.StoryID) {
			missing = append(missing, e.StoryID)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	found, err := s.store.StoriesByIDs(ctx, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		stories[id] = nil // a story deleted since: its events are skipped
	}
	for i := range found {
		stories[found[i].ID] = &found[i]
	}
	cs, err := s.store.ClaimsByStories(ctx, missing)
	if err != nil {
		return err
	}
	for i := range cs {
		claimsByID[cs[i].ID] = &cs[i]
	}
	return nil
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
