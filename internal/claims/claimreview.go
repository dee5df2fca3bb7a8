package claims

import (
	"context"
	"slices"
	"sort"
	"time"
)

// Review is a resolved claim as schema.org's ClaimReview describes it: the
// verdict, its rating on the vocabulary's scale, and where the claim
// appeared.
type Review struct {
	Claim  Claim
	Story  Story
	Status Status
	// WorstRating and BestRating bound the ratings of the resolved statuses.
	WorstRating, BestRating int
	// Appearances are the addresses of the claim's sources, the earliest
	// linked first (schema.org's firstAppearance).
	Appearances []string
	// Appeared are where the claim was recorded as made, earliest first.
	Appeared   []Appearance
	ReviewedAt time.Time
	// Correction is the change that replaced an earlier verdict with this
	// one, if it was one (see Vocabulary.IsCorrection).
	Correction *Event
}

// StatusChange is one dated step of a claim's status history.
type StatusChange struct {
	At       time.Time
	From, To string
	Note     string
	Actor    string
}

// RatingRange returns the lowest and highest ClaimReview rating of the
// resolved statuses that have one.
func (v *Vocabulary) RatingRange() (worst, best int) {
	for _, s := range v.list {
		if !s.Resolved || s.Rating <= 0 {
			continue
		}
		if worst == 0 || s.Rating < worst {
			worst = s.Rating
		}
		best = max(best, s.Rating)
	}
	return worst, best
}

// ReviewOf returns the review of a claim read with ClaimDetail; false when
// the claim is not (or no longer) resolved, is withdrawn, or its status
// has no rating.
func (s *Service) ReviewOf(d *ClaimDetail) (*Review, bool) {
	st := s.vocab.Get(d.Claim.Status)
	if d.Claim.Withdrawn || !st.Resolved || st.Rating <= 0 || !d.Story.Published {
		return nil, false
	}
	r := &Review{Claim: d.Claim, Story: d.Story, Status: st}
	r.WorstRating, r.BestRating = s.vocab.RatingRange()
	linked := append([]LinkedSource(nil), d.Sources...)
	sort.SliceStable(linked, func(i, j int) bool { return linked[i].LinkedAt.Before(linked[j].LinkedAt) })
	for _, ls := range linked {
		if ls.URL != "" {
			r.Appearances = append(r.Appearances, ls.URL)
		}
	}
	r.Appeared = d.Appearances
	if e := d.Settling(); s.vocab.IsCorrection(e) {
		r.Correction = e
	}
	r.ReviewedAt = d.Claim.UpdatedAt
	if d.Claim.ResolvedAt != nil {
		r.ReviewedAt = *d.Claim.ResolvedAt
	}
	return r, true
}

// Reviews returns a page of reviews, newest claim first: the resolved,
// rated, standing claims of published stories, paged by claim id. A page
// costs the same five queries however many claims it holds.
func (s *Service) Reviews(ctx context.Context, page Page) ([]Review, error) {
	var rated []string
	for _, st := range s.vocab.All() {
		if st.Resolved && st.Rating > 0 {
			rated = append(rated, st.ID)
		}
	}
	refs, err := s.store.ListClaims(ctx, ClaimQuery{Statuses: rated, PublishedOnly: true, Page: page.forRead()}, nil)
	if err != nil || len(refs) == 0 {
		return nil, err
	}
	var storyIDs, claimIDs []int64
	for _, r := range refs {
		claimIDs = append(claimIDs, r.ID)
		if !slices.Contains(storyIDs, r.StoryID) {
			storyIDs = append(storyIDs, r.StoryID)
		}
	}
	list, err := s.store.StoriesByIDs(ctx, storyIDs)
	if err != nil {
		return nil, err
	}
	stories := make(map[int64]Story, len(list))
	for _, st := range list {
		stories[st.ID] = st
	}
	sources, err := s.store.SourcesByClaims(ctx, claimIDs)
	if err != nil {
		return nil, err
	}
	appeared, err := s.store.AppearancesByClaims(ctx, claimIDs)
	if err != nil {
		return nil, err
	}
	settled, err := s.store.LatestStatusEvents(ctx, claimIDs)
	if err != nil {
		return nil, err
	}
	out := make([]Review, 0, len(refs))
	for _, r := range refs {
		// ReviewOf reads what it needs of a claim's detail: its sources,
		// its appearances and the event that settled it.
		d := &ClaimDetail{Claim: r.Claim, Story: stories[r.StoryID], Sources: sources[r.ID], Appearances: FirstAppearances(appeared[r.ID])}
		if e, ok := settled[r.ID]; ok {
			d.Settled = &e
		}
		if rv, ok := s.ReviewOf(d); ok {
			out = append(out, *rv)
		}
	}
	return out, nil
}

// maxHistory bounds the status changes one history lists.
const maxHistory = 500

// StatusHistory returns the dated status changes of a claim of a published
// story, oldest first (the first 500): what ClaimReview cannot say.
// ENOTFOUND.
func (s *Service) StatusHistory(ctx context.Context, claimID int64) ([]StatusChange, error) {
	if _, _, err := s.claimFor(ctx, claimID, true); err != nil {
		return nil, err
	}
	evs, err := s.store.Events(ctx, EventQuery{ClaimID: claimID, PublicOnly: true, Oldest: true,
		Kinds: []EventKind{EventStatusChanged, EventClaimCreated}, Page: Page{Limit: maxHistory}})
	if err != nil {
		return nil, err
	}
	var out []StatusChange
	for _, e := range evs {
		out = append(out, StatusChange{At: e.At, From: e.FromStatus, To: e.ToStatus, Note: e.Note, Actor: e.Actor})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
