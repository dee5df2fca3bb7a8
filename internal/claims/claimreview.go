package claims

import (
	"context"
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

// Reviews returns the reviews of every resolved claim of every published
// story, newest story first. Each page of stories costs the same five
// queries however many claims it holds.
func (s *Service) Reviews(ctx context.Context) ([]Review, error) {
	var out []Review
	for page := (Page{Limit: MaxPageLimit}); ; {
		stories, err := s.store.ListStories(ctx, true, page, s.vocab)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(stories))
		for i, st := range stories {
			ids[i] = st.ID
		}
		cs, err := s.store.ClaimsByStories(ctx, ids)
		if err != nil {
			return nil, err
		}
		resolved := map[int64][]Claim{}
		var claimIDs []int64
		for _, c := range cs {
			if !c.Withdrawn && s.vocab.IsResolved(c.Status) {
				resolved[c.StoryID] = append(resolved[c.StoryID], c)
				claimIDs = append(claimIDs, c.ID)
			}
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
		for _, st := range stories {
			for _, c := range resolved[st.ID] {
				// ReviewOf reads what it needs of a claim's detail: its
				// sources, its appearances and the event that settled it.
				d := &ClaimDetail{Claim: c, Story: st.Story, Sources: sources[c.ID], Appearances: FirstAppearances(appeared[c.ID])}
				if e, ok := settled[c.ID]; ok {
					d.Timeline = []Event{e}
				}
				if r, ok := s.ReviewOf(d); ok {
					out = append(out, *r)
				}
			}
		}
		if len(stories) < page.Limit {
			return out, nil
		}
		page.Before = stories[len(stories)-1].ID
	}
}

// StatusHistory returns the dated status changes of a claim of a published
// story, oldest first: what ClaimReview cannot say. ENOTFOUND.
func (s *Service) StatusHistory(ctx context.Context, claimID int64) ([]StatusChange, error) {
	d, err := s.ClaimDetail(ctx, claimID, true)
	if err != nil {
		return nil, err
	}
	var out []StatusChange
	for _, e := range d.Timeline {
		if e.ToStatus == "" || !e.Public {
			continue
		}
		out = append(out, StatusChange{At: e.At, From: e.FromStatus, To: e.ToStatus, Note: e.Note, Actor: e.Actor})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
