package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// StoryDetail gathers the story page in at most eight queries whose rows
// grow with the claims, never with the sources: the story, its claims,
// each claim's newest public event a reader cares about
// (claims.ReaderNews), the claims' source counts and oldest checks, and of
// the sources what the page lists (storySourcesShown), the story's oldest
// check and the sources its facts and events name. Withdrawn claims and
// their links are left out. ENOTFOUND.
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
	named := []int64{}
	for _, f := range d.Story.Facts {
		named = append(named, f.SourceIDs...)
	}
	for _, r := range latest {
		if c := byClaim[*r.ClaimID]; c != nil {
			e := fromEventRow(r)
			c.Latest = &e
			if e.SourceID != nil {
				named = append(named, *e.SourceID)
			}
		}
	}
	if err := db.claimSourceCounts(ctx, storyID, byClaim, d); err != nil {
		return nil, err
	}
	if err := db.storySourcesShown(ctx, storyID, d); err != nil {
		return nil, err
	}
	srcs, err := db.StorySources(ctx, storyID, named)
	if err != nil {
		return nil, err
	}
	d.Named = make(map[int64]claims.Source, len(srcs))
	for _, src := range srcs {
		d.Named[src.ID] = src
	}
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
	return d, db.claimSourceCounts(ctx, storyID, byClaim, nil)
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
