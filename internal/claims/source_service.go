package claims

import (
	"context"
	"strings"
)

// NewSourceLink is the input for LinkSource. An empty URL is a print or
// broadcast source: shown, never fetched.
type NewSourceLink struct {
	URL        string
	Outlet     string
	OutletKind string
	Title      string
	Stance     string
}

// LinkSource links a source to a claim with a source_linked event, reusing the
// source when its normalised URL is already known. ENOTFOUND; EINVALID for a
// bad URL, outlet kind or stance; ECONFLICT when already linked.
func (s *Service) LinkSource(ctx context.Context, actor Actor, claimID int64, in NewSourceLink) (*LinkedSource, error) {
	stance, err := ParseStance(in.Stance)
	if err != nil {
		return nil, err
	}
	kind, err := ParseOutletKind(in.OutletKind)
	if err != nil {
		return nil, err
	}
	outlet := strings.TrimSpace(in.Outlet)
	if outlet == "" {
		return nil, Invalid("outlet", "a source needs the outlet's name")
	}
	if len(outlet) > maxTitle || len(in.Title) > maxTitle {
		return nil, Invalid("outlet", "the outlet or title is longer than %d characters", maxTitle)
	}
	var url string
	if strings.TrimSpace(in.URL) != "" {
		if url, err = NormalizeURL(in.URL); err != nil {
			return nil, err
		}
	}
	var src *Source
	err = s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		var err error
		if src, err = s.sourceFor(ctx, url, outlet, kind, strings.TrimSpace(in.Title)); err != nil {
			return err
		}
		if err := s.store.LinkSource(ctx, claimID, src.ID, stance); err != nil {
			return err
		}
		// A source already checked for another claim is read in full at the
		// next sweep, so this claim's watches get a first look at it.
		if err := s.store.RefetchSources(ctx, []int64{src.ID}, s.Now()); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{At: s.Now(), StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: ptr(src.ID),
			Kind: EventSourceLinked, Actor: actor.Name, ActorID: actor.id(), Public: true,
			Payload: mustJSON(map[string]any{"stance": string(stance), "url": src.URL, "outlet": src.Outlet})})
	})
	if err != nil {
		return nil, err
	}
	return &LinkedSource{Source: *src, Stance: stance, LinkedAt: s.Now()}, nil
}

// sourceFor returns the source for a normalised URL, creating it when unknown.
// URL-less sources are always new.
func (s *Service) sourceFor(ctx context.Context, url, outlet string, kind OutletKind, title string) (*Source, error) {
	if url != "" {
		src, err := s.store.SourceByURL(ctx, url)
		if err == nil {
			return src, nil
		}
		if !IsNotFound(err) {
			return nil, err
		}
	}
	if outlet == "" {
		return nil, Invalid("outlet", "a new source needs the outlet's name")
	}
	src := &Source{URL: url, Outlet: outlet, OutletKind: kind, Title: title, State: SourceUnchecked, CreatedAt: s.Now()}
	if err := s.store.CreateSource(ctx, src); err != nil {
		return nil, err
	}
	return src, nil
}

// UnlinkSource ends a source's link to a claim with a source_unlinked event;
// nothing is deleted. ENOTFOUND when not linked.
func (s *Service) UnlinkSource(ctx context.Context, actor Actor, claimID, sourceID int64, note string) error {
	return s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		if err := s.store.UnlinkSource(ctx, claimID, sourceID); err != nil {
			return err
		}
		return s.store.AppendEvent(ctx, &Event{At: s.Now(), StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: ptr(sourceID),
			Kind: EventSourceUnlinked, Actor: actor.Name, ActorID: actor.id(), Note: strings.TrimSpace(note), Public: true})
	})
}

// LinkSourceInStory is LinkSource for a claim that must be one of the
// story's own and not withdrawn, as a form on the story's editor page names
// it: EINVALID (field "claim_id") otherwise, ENOTFOUND for an unknown
// story. The check and the link commit together.
func (s *Service) LinkSourceInStory(ctx context.Context, actor Actor, storySlug string, claimID int64, in NewSourceLink) (*LinkedSource, error) {
	var ls *LinkedSource
	err := s.tx(ctx, func(ctx context.Context) error {
		st, err := s.store.StoryBySlug(ctx, storySlug)
		if err != nil {
			return err
		}
		c, err := s.store.ClaimByID(ctx, claimID)
		if IsNotFound(err) || (err == nil && (c.StoryID != st.ID || c.Withdrawn)) {
			return Invalid("claim_id", "choose one of this story's claims")
		}
		if err != nil {
			return err
		}
		ls, err = s.LinkSource(ctx, actor, claimID, in)
		return err
	})
	return ls, err
}
