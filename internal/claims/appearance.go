package claims

import (
	"context"
	"sort"
	"strings"
	"time"
)

// Appearance is one place a claim was made: an article, a post, a
// broadcast, with who made the claim there (the claimant).
type Appearance struct {
	ID      int64
	ClaimID int64
	// URL is the normalised address; empty for print and broadcast.
	URL    string
	Outlet string
	// AppearedAt is when it appeared, when known.
	AppearedAt *time.Time
	Claimant   string
	CreatedAt  time.Time
}

// NewAppearance is the input for AddAppearance.
type NewAppearance struct {
	URL        string
	Outlet     string
	AppearedAt *time.Time
	Claimant   string
}

// maxAppearanceField bounds an appearance's outlet and claimant.
const maxAppearanceField = 300

// AddAppearance records where a claim appeared. At least an address or an
// outlet is needed; a date in the future is refused. ENOTFOUND, EINVALID.
func (s *Service) AddAppearance(ctx context.Context, claimID int64, in NewAppearance) (*Appearance, error) {
	a, err := s.checkAppearance(claimID, in)
	if err != nil {
		return nil, err
	}
	err = s.writeClaim(ctx, claimID, func(ctx context.Context, c *Claim) error {
		a.CreatedAt = s.Now()
		return s.store.CreateAppearance(ctx, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// checkAppearance returns the appearance in describes, normalised as it is
// stored. EINVALID.
func (s *Service) checkAppearance(claimID int64, in NewAppearance) (*Appearance, error) {
	a := &Appearance{ClaimID: claimID, Outlet: strings.TrimSpace(in.Outlet), Claimant: strings.TrimSpace(in.Claimant)}
	if strings.TrimSpace(in.URL) != "" {
		u, err := NormalizeURL(in.URL)
		if err != nil {
			return nil, err
		}
		a.URL = u
	}
	switch {
	case a.URL == "" && a.Outlet == "":
		return nil, Invalid("url", "say where the claim appeared: an address or an outlet")
	case len(a.Outlet) > maxAppearanceField:
		return nil, Invalid("outlet", "the outlet is longer than %d characters", maxAppearanceField)
	case len(a.Claimant) > maxAppearanceField:
		return nil, Invalid("claimant", "the claimant is longer than %d characters", maxAppearanceField)
	}
	if in.AppearedAt != nil {
		// Microseconds are what both databases keep.
		at := in.AppearedAt.UTC().Truncate(time.Microsecond)
		if at.After(s.Now().Add(24 * time.Hour)) {
			return nil, Invalid("appeared_at", "the date is in the future")
		}
		a.AppearedAt = &at
	}
	return a, nil
}

// FirstAppearances orders appearances as readers read them: dated ones
// earliest first, then undated ones in the order they were recorded.
func FirstAppearances(as []Appearance) []Appearance {
	out := append([]Appearance(nil), as...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].AppearedAt, out[j].AppearedAt
		switch {
		case a != nil && b != nil:
			return a.Before(*b)
		case a != nil:
			return true
		}
		return false
	})
	return out
}
