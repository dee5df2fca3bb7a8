package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// StoryDetail gathers the story page in four queries however many claims
// there are: the story, its claims, each claim's newest public event a reader
// cares about (claims.ReaderNews), and
// the live links of its claims to sources (from which the counts, the
// oldest check and the distinct sources are worked out). Withdrawn claims
// and their links are left out. ENOTFOUND.
func (db *DB) StoryDetail(ctx context.Context, storyID int64) (*claims.StoryDetail, error) {
	d, byClaim, err := db.storyClaims(ctx, storyID)
	if err != nil || len(d.Claims) == 0 {
		return d, err
	}
	conn := db.conn(ctx)
	var latest []eventRow
	err = conn.Where(`id IN (SELECT MAX(id) FROM events
		WHERE story_id = ? AND claim_id IS NOT NULL AND public = ? AND kind IN ? GROUP BY claim_id)`,
		storyID, true, claims.ReaderNews).
		Find(&latest).Error
	if err != nil {
		return nil, err
	}
	for _, r := range latest {
		if c := byClaim[*r.ClaimID]; c != nil {
			e := fromEventRow(r)
			c.Latest = &e
		}
	}

	var links []linkedSourceRow
	err = conn.Table("claim_sources AS cs").
		Select("s.*, cs.claim_id, cs.stance, cs.linked_at").
		Joins("JOIN sources AS s ON s.id = cs.source_id").
		Joins("JOIN claims AS c ON c.id = cs.claim_id").
		Where("c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL", storyID, false).
		Scan(&links).Error
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool)
	// neverChecked marks claims with a fetchable source not yet checked:
	// their "last checked" is unknown, not the time of the other sources.
	neverChecked := make(map[int64]bool)
	for _, l := range links {
		c := byClaim[l.ClaimID]
		switch claims.Stance(l.Stance) {
		case claims.StanceSupports:
			c.Supporting++
		case claims.StanceDisputes:
			c.Disputing++
		case claims.StanceContext:
			c.Contextual++
		}
		if l.Source.URL != "" {
			switch {
			case l.Source.LastCheckedAt == nil:
				neverChecked[l.ClaimID] = true
			case c.SourcesCheckedAt == nil || l.Source.LastCheckedAt.Before(*c.SourcesCheckedAt):
				c.SourcesCheckedAt = utcPtr(l.Source.LastCheckedAt)
			}
		}
		if !seen[l.Source.ID] {
			seen[l.Source.ID] = true
			d.Sources = append(d.Sources, fromSourceRow(l.Source))
		}
	}
	for id := range neverChecked {
		byClaim[id].SourcesCheckedAt = nil
	}
	slices.SortFunc(d.Sources, compareSources)
	return d, nil
}

// StoryOutline is the story with its non-withdrawn claims in position
// order and their source counts by stance, in three queries whose rows do
// not grow with the sources: no newest events, no sources. ENOTFOUND.
func (db *DB) StoryOutline(ctx context.Context, storyID int64) (*claims.StoryDetail, error) {
	d, byClaim, err := db.storyClaims(ctx, storyID)
	if err != nil || len(d.Claims) == 0 {
		return d, err
	}
	var counts []struct {
		ClaimID int64
		Stance  string
		N       int
	}
	err = db.conn(ctx).Table("claim_sources AS cs").
		Select("cs.claim_id, cs.stance, COUNT(*) AS n").
		Joins("JOIN claims AS c ON c.id = cs.claim_id").
		Where("c.story_id = ? AND c.withdrawn = ? AND cs.unlinked_at IS NULL", storyID, false).
		Group("cs.claim_id, cs.stance").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	for _, n := range counts {
		c := byClaim[n.ClaimID]
		switch claims.Stance(n.Stance) {
		case claims.StanceSupports:
			c.Supporting += n.N
		case claims.StanceDisputes:
			c.Disputing += n.N
		case claims.StanceContext:
			c.Contextual += n.N
		}
	}
	return d, nil
}

// storyClaims reads a story and its non-withdrawn claims in position order,
// indexed by id. ENOTFOUND.
func (db *DB) storyClaims(ctx context.Context, storyID int64) (*claims.StoryDetail, map[int64]*claims.ClaimSummary, error) {
	st, err := db.StoryByID(ctx, storyID)
	if err != nil {
		return nil, nil, err
	}
	var claimRows []claimRow
	err = db.conn(ctx).Where("story_id = ? AND withdrawn = ?", storyID, false).Order("position, id").Find(&claimRows).Error
	if err != nil {
		return nil, nil, err
	}
	d := &claims.StoryDetail{Story: *st, Claims: make([]claims.ClaimSummary, len(claimRows)), Sources: []claims.Source{}}
	byClaim := make(map[int64]*claims.ClaimSummary, len(claimRows))
	for i, r := range claimRows {
		d.Claims[i].Claim = fromClaimRow(r)
		byClaim[r.ID] = &d.Claims[i]
	}
	return d, byClaim, nil
}

// compareSources orders sources as the story page groups them: by outlet
// kind in display order, then by outlet name.
func compareSources(a, b claims.Source) int {
	return cmp.Or(
		cmp.Compare(kindRank(a.OutletKind), kindRank(b.OutletKind)),
		cmp.Compare(a.Outlet, b.Outlet),
		cmp.Compare(a.ID, b.ID),
	)
}

func kindRank(k claims.OutletKind) int {
	if i := slices.Index(claims.OutletKinds, k); i >= 0 {
		return i
	}
	return len(claims.OutletKinds)
}
