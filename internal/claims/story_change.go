package claims

import (
	"context"
	"slices"
)

// StoryChange is what one committed write changed of a story, as the
// OnStoryChanged listeners and other instances hear of it: the story's own
// pages always changed; of its claims' pages, only those of Claims did, or
// all of them when Claims is empty (a change to the story itself, or one not
// known to stay within some claims). The zero list is the safe default.
type StoryChange struct {
	StoryID int64
	Claims  []int64
}

// WholeStory is the change of a write that may show on any of the story's
// claims' pages.
func WholeStory(storyID int64) StoryChange { return StoryChange{StoryID: storyID} }

// AllClaims reports whether every claim page of the story may have changed.
func (c StoryChange) AllClaims() bool { return len(c.Claims) == 0 }

// merge folds another change of the same story into c: a change to all its
// claims absorbs any list; two lists join, each claim once.
func (c StoryChange) merge(o StoryChange) StoryChange {
	if c.AllClaims() || o.AllClaims() {
		return WholeStory(c.StoryID)
	}
	out := StoryChange{StoryID: c.StoryID, Claims: slices.Clone(c.Claims)}
	for _, id := range o.Claims {
		if !slices.Contains(out.Claims, id) {
			out.Claims = append(out.Claims, id)
		}
	}
	return out
}

// claimsByStory gathers the claims a write changed, by story, each once.
type claimsByStory map[int64][]int64

func (t claimsByStory) add(c Claim) {
	if !slices.Contains(t[c.StoryID], c.ID) {
		t[c.StoryID] = append(t[c.StoryID], c.ID)
	}
}

// touchClaims touches each story of t with its changed claims alone.
func (s *Service) touchClaims(ctx context.Context, t claimsByStory) error {
	for id, claims := range t {
		if err := s.touch(ctx, StoryChange{StoryID: id, Claims: claims}); err != nil {
			return err
		}
	}
	return nil
}
