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
	st, err := db.StoryByID(ctx, storyID)
	if err != nil {
		return nil, err
	}
	conn := db.conn(ctx)
	var claimRows []claimRow
	err = conn.Where("story_id = ? AND withdrawn = ?", storyID, false).Order("position, id").Find(&claimRows).Error
	if err != nil {
		return nil, err
	}
	d := &claims.StoryDetail{Story: *st, Claims: make([]claims.ClaimSummary, len(claimRows)), Sources: []claims.Source{}}
	if len(claimRows) == 0 {
		return d, nil
	}
	byClaim := make(map[int64]*claims.ClaimSummary, len(claimRows))
	for i, r := range claimRows {
		d.Claims[i].Claim = fromClaimRow(r)
		byClaim[r.ID] = &d.Claims[i]
	}

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
