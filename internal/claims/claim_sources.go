package claims

import "context"

// ClaimSourcesPageSize is how many of a claim's sources one page lists (the
// claim's page, the API's claim): a claim with thousands of sources costs
// the same to show as one with thirty.
const ClaimSourcesPageSize = 30

// LinkQuery reads some of a claim's current links, in link order: the
// earliest link first, then by source id.
type LinkQuery struct {
	// After starts the page past the link to this source (0: at the
	// start), so a page's last source id is the cursor of the next;
	// Limit bounds it (0: no bound).
	After int64
	Limit int
	// SourceIDs, when not nil, keeps only the links to these sources.
	SourceIDs []int64
}

// SourcePage is one page of a claim's sources.
type SourcePage struct {
	// After is where the page starts (0 for the first); Total counts
	// every current link of the claim.
	After int64
	Total int
	// Next is where the next page starts; 0 when this one ends the list.
	Next int64
}

// sourcePage reads the page of the claim's sources after after, and how
// many there are, in two reads.
func (s *Service) sourcePage(ctx context.Context, claimID, after int64, limit int) ([]LinkedSource, SourcePage, error) {
	p := SourcePage{After: after}
	ls, err := s.store.LinkedSources(ctx, claimID, LinkQuery{After: after, Limit: limit + 1})
	if err != nil {
		return nil, p, err
	}
	if len(ls) > limit {
		ls = ls[:limit]
		p.Next = ls[len(ls)-1].ID
	}
	if p.Total, err = s.store.CountLinkedSources(ctx, claimID); err != nil {
		return nil, p, err
	}
	return ls, p, nil
}

// ClaimSources returns up to limit of a claim's sources (clamped as a
// Page's), in link order, after the link to source after (0 for the
// first). With public set, claims of unpublished stories are ENOTFOUND.
// A cursor that is not one of the claim's sources gives an empty page.
func (s *Service) ClaimSources(ctx context.Context, id int64, public bool, after int64, limit int) ([]LinkedSource, SourcePage, error) {
	if _, _, err := s.claimFor(ctx, id, public); err != nil {
		return nil, SourcePage{}, err
	}
	return s.sourcePage(ctx, id, after, Page{Limit: limit}.Normalize().Limit)
}
