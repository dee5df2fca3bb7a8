package claims

import (
	"context"
	"sort"
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
// limit, newest first.
func (s *Service) ResolvedFeed(ctx context.Context, limit int) ([]FeedEntry, error) {
	stories, err := s.store.ListStories(ctx, true, Page{Limit: MaxPageLimit}, s.vocab)
	if err != nil {
		return nil, err
	}
	resolves := func(e Event) bool { return e.ToStatus != e.FromStatus && s.vocab.IsResolved(e.ToStatus) }
	var out []FeedEntry
	for _, st := range stories {
		entries, err := s.storyEntries(ctx, st.Story, MaxPageLimit, resolves)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Event.At.After(out[j].Event.At) })
	return out[:min(len(out), limit)], nil
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
