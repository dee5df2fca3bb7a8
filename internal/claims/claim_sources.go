package claims

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// ClaimSourcesPageSize is how many of a claim's sources one page lists (the
// claim's page, the API's claim): a claim with thousands of sources costs
// the same to show as one with thirty.
const ClaimSourcesPageSize = 30

// LinkCursor is where a page of a claim's sources ends. They are listed in
// link order, earliest link first, then by source id; the zero cursor is
// the start.
type LinkCursor struct {
	At       time.Time
	SourceID int64
}

// IsZero reports whether c is the start of the list.
func (c LinkCursor) IsZero() bool { return c.SourceID == 0 }

// String writes c for an address: the link's time in microseconds since
// the epoch, a dot, the source's id.
func (c LinkCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.SourceID, 10)
}

// ParseLinkCursor reads what LinkCursor.String wrote; "" is the start.
// EINVALID otherwise.
func ParseLinkCursor(s string) (LinkCursor, error) {
	if s == "" {
		return LinkCursor{}, nil
	}
	at, id, ok := strings.Cut(s, ".")
	us, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || n < 1 {
		return LinkCursor{}, Invalid("cursor", "not a cursor of this list: %q", s)
	}
	return LinkCursor{At: time.UnixMicro(us).UTC(), SourceID: n}, nil
}

// LinkQuery reads some of a claim's current links, in link order.
type LinkQuery struct {
	// After starts the page past this link; Limit bounds it (0: no bound).
	After LinkCursor
	Limit int
	// SourceIDs, when not nil, keeps only the links to these sources.
	SourceIDs []int64
}

// SourcePage is one page of a claim's sources.
type SourcePage struct {
	// After is where the page starts (zero for the first); Total counts
	// every current link of the claim.
	After LinkCursor
	Total int
	// Next is where the next page starts; zero when this one ends the list.
	Next LinkCursor
}

// sourcePage reads the page of the claim's sources after after, and how
// many there are, in two reads.
func (s *Service) sourcePage(ctx context.Context, claimID int64, after LinkCursor) ([]LinkedSource, SourcePage, error) {
	p := SourcePage{After: after}
	ls, err := s.store.LinkedSources(ctx, claimID, LinkQuery{After: after, Limit: ClaimSourcesPageSize + 1})
	if err != nil {
		return nil, p, err
	}
	if !after.IsZero() && len(ls) == 0 {
		return nil, p, Errorf(ENOTFOUND, "no sources of claim %d after this one", claimID)
	}
	if len(ls) > ClaimSourcesPageSize {
		ls = ls[:ClaimSourcesPageSize]
		last := ls[len(ls)-1]
		p.Next = LinkCursor{At: last.LinkedAt, SourceID: last.ID}
	}
	if p.Total, err = s.store.CountLinkedSources(ctx, claimID); err != nil {
		return nil, p, err
	}
	return ls, p, nil
}

// ClaimSources returns one page of a claim's sources, in link order, after
// the cursor (the zero cursor for the first). With public set, claims of
// unpublished stories are ENOTFOUND; so is a cursor past the last source.
func (s *Service) ClaimSources(ctx context.Context, id int64, public bool, after LinkCursor) ([]LinkedSource, SourcePage, error) {
	if _, _, err := s.claimFor(ctx, id, public); err != nil {
		return nil, SourcePage{}, err
	}
	return s.sourcePage(ctx, id, after)
}
