package claims

import (
	"context"
	"reflect"
	"strings"
)

// Length limits for story fields.
const (
	maxTitle   = 300
	maxSummary = 5000
	maxLong    = 20000
)

// ListStories returns stories newest first with their claim counts; readers
// see only published ones.
func (s *Service) ListStories(ctx context.Context, publishedOnly bool, page Page) ([]StorySummary, error) {
	return s.store.ListStories(ctx, publishedOnly, page.forRead(), s.vocab)
}

// PublicStory returns a published story by slug; ENOTFOUND for unknown and
// unpublished ones alike, so readers cannot probe for drafts.
func (s *Service) PublicStory(ctx context.Context, slug string) (*Story, error) {
	st, err := s.store.StoryBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !st.Published {
		return nil, Errorf(ENOTFOUND, "story %q not found", slug)
	}
	return st, nil
}

// StoryBySlug returns a story, published or not (for editors). ENOTFOUND.
func (s *Service) StoryBySlug(ctx context.Context, slug string) (*Story, error) {
	return s.store.StoryBySlug(ctx, slug)
}

// StoryByID returns a story, published or not. ENOTFOUND.
func (s *Service) StoryByID(ctx context.Context, id int64) (*Story, error) {
	return s.store.StoryByID(ctx, id)
}

// StoryDetail returns what the story page shows. ENOTFOUND.
func (s *Service) StoryDetail(ctx context.Context, storyID int64) (*StoryDetail, error) {
	return s.store.StoryDetail(ctx, storyID)
}

// StorySources returns every source linked to the story's claims, in the
// story page's order, for the editor's pickers; an unknown story has none.
func (s *Service) StorySources(ctx context.Context, storyID int64) ([]Source, error) {
	return s.store.StorySources(ctx, storyID, nil)
}

// StoryOutline returns a story's claims with their source counts, without
// what only the story page shows (the claims' newest events, the sources),
// so its cost does not grow with the sources. ENOTFOUND.
func (s *Service) StoryOutline(ctx context.Context, storyID int64) (*StoryDetail, error) {
	return s.store.StoryOutline(ctx, storyID)
}

// StoryRevision returns the story's current revision (for page caches).
func (s *Service) StoryRevision(ctx context.Context, storyID int64) (int64, error) {
	return s.store.StoryRevision(ctx, storyID)
}

// CountStories returns how many stories exist.
func (s *Service) CountStories(ctx context.Context) (int, error) { return s.store.CountStories(ctx) }

// NewStory is the input for CreateStory.
type NewStory struct {
	Slug         string
	Title        string
	Summary      string
	Context      []QA
	Perspectives Perspectives
	Published    bool
}

// CreateStory validates and stores a new story. EINVALID for bad input,
// ECONFLICT when the slug is taken.
func (s *Service) CreateStory(ctx context.Context, actor Actor, in NewStory) (*Story, error) {
	st := &Story{
		Slug:         strings.TrimSpace(in.Slug),
		Title:        strings.TrimSpace(in.Title),
		Summary:      strings.TrimSpace(in.Summary),
		Context:      in.Context,
		Perspectives: in.Perspectives,
		Published:    in.Published,
	}
	if st.Slug == "" {
		st.Slug = Slugify(st.Title)
	}
	if err := validateStory(st); err != nil {
		return nil, err
	}
	now := s.Now()
	st.CreatedAt, st.UpdatedAt = now, now
	err := s.write(ctx, func() StoryChange { return WholeStory(st.ID) }, func(ctx context.Context) error {
		if err := s.store.CreateStory(ctx, st); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{At: now, StoryID: st.ID, Kind: EventStoryCreated,
			Actor: actor.Name, ActorID: actor.id(), Public: false,
			Payload: mustJSON(map[string]any{"slug": st.Slug, "title": st.Title, "published": st.Published})})
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// StoryPatch changes some of a story's fields; nil fields stay as they are.
type StoryPatch struct {
	Title        *string
	Summary      *string
	Context      *[]QA
	Perspectives *Perspectives
	// Facts replaces the whole list of facts.
	Facts     *[]Fact
	Published *bool
	// Version is the version the editor read.
	Version int
}

// UpdateStory applies p if the story is still at p.Version. ENOTFOUND,
// EINVALID, ECONFLICT (with the current story in Error.Current).
func (s *Service) UpdateStory(ctx context.Context, actor Actor, slug string, p StoryPatch) (*Story, error) {
	var st *Story
	err := s.write(ctx, func() StoryChange { return WholeStory(st.ID) }, func(ctx context.Context) error {
		var err error
		if st, err = s.store.StoryBySlug(ctx, slug); err != nil {
			return err
		}
		if st.Version != p.Version {
			return &Error{Code: ECONFLICT, Message: "the story was changed by someone else since you loaded it", Current: *st}
		}
		before := *st
		patchTrimmed(&st.Title, p.Title)
		patchTrimmed(&st.Summary, p.Summary)
		if p.Context != nil {
			st.Context = *p.Context
		}
		if p.Perspectives != nil {
			st.Perspectives = *p.Perspectives
		}
		if p.Published != nil {
			st.Published = *p.Published
		}
		if p.Facts != nil {
			if st.Facts, err = s.checkFacts(ctx, st.ID, *p.Facts); err != nil {
				return err
			}
		}
		if err := validateStory(st); err != nil {
			return err
		}
		st.UpdatedAt = s.Now()
		if err := s.store.UpdateStory(ctx, st, p.Version); err != nil {
			if ErrorCode(err) == ECONFLICT {
				if cur, e2 := s.store.StoryBySlug(ctx, slug); e2 == nil {
					return &Error{Code: ECONFLICT, Message: "the story was changed by someone else since you loaded it", Current: *cur}
				}
			}
			return err
		}
		return s.storyEvents(ctx, actor, before, *st)
	})
	if err != nil {
		return nil, err
	}
	return s.store.StoryBySlug(ctx, slug)
}

func validateStory(st *Story) error {
	switch {
	case st.Title == "":
		return Invalid("title", "a story needs a title")
	case len(st.Title) > maxTitle:
		return Invalid("title", "the title is longer than %d characters", maxTitle)
	case len(st.Summary) > maxSummary:
		return Invalid("summary", "the summary is longer than %d characters", maxSummary)
	case !ValidSlug(st.Slug):
		return Invalid("slug", "a slug is lower-case letters, digits and single hyphens, at most 80 characters")
	}
	for i, qa := range st.Context {
		if strings.TrimSpace(qa.Question) == "" || strings.TrimSpace(qa.Answer) == "" {
			return Invalid("context", "context entry %d needs both a question and an answer", i+1)
		}
		if len(qa.Question)+len(qa.Answer) > maxLong {
			return Invalid("context", "context entry %d is too long", i+1)
		}
	}
	return nil
}

// storyEvents appends, inside the caller's transaction, the events that an
// edit of a story's own fields makes: one for a change of wording or
// context, one for publishing or unpublishing.
func (s *Service) storyEvents(ctx context.Context, actor Actor, before, after Story) error {
	var changed []string
	if before.Title != after.Title {
		changed = append(changed, "title")
	}
	if before.Summary != after.Summary {
		changed = append(changed, "summary")
	}
	if !reflect.DeepEqual(before.Context, after.Context) {
		changed = append(changed, "context")
	}
	if !reflect.DeepEqual(before.Perspectives, after.Perspectives) {
		changed = append(changed, "perspectives")
	}
	if !sameFacts(before.Facts, after.Facts) {
		changed = append(changed, "facts")
	}
	ev := Event{At: after.UpdatedAt, StoryID: after.ID, Actor: actor.Name, ActorID: actor.id(), Public: true}
	if len(changed) > 0 {
		e := ev
		e.Kind = EventStoryEdited
		e.Payload = mustJSON(map[string]any{"changed": changed, "old_title": before.Title, "new_title": after.Title})
		if err := s.store.AppendEvent(ctx, &e); err != nil {
			return err
		}
	}
	if before.Published != after.Published {
		e := ev
		e.Kind = EventStoryPublished
		if !after.Published {
			e.Kind = EventStoryUnpublished
		}
		if err := s.store.AppendEvent(ctx, &e); err != nil {
			return err
		}
	}
	return nil
}

// patchTrimmed sets *field to the trimmed *v when a patch sets v.
func patchTrimmed(field, v *string) {
	if v != nil {
		*field = strings.TrimSpace(*v)
	}
}
