package store

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// StoriesByIDs returns the stories with these ids, in no particular order;
// ids that match none are left out.
func (db *DB) StoriesByIDs(ctx context.Context, ids []int64) ([]claims.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []storyRow
	if err := db.conn(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.Story, 0, len(rows))
	for _, r := range rows {
		s, err := fromStoryRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ClaimsByStories returns the claims of these stories, withdrawn included,
// story by story in position order.
func (db *DB) ClaimsByStories(ctx context.Context, storyIDs []int64) ([]claims.Claim, error) {
	if len(storyIDs) == 0 {
		return nil, nil
	}
	return findRows(db.conn(ctx).Where("story_id IN ?", storyIDs).Order("story_id, position, id"), fromClaimRow)
}

// SourcesByClaims returns the sources linked to each of these claims, each
// claim's earliest link first, as SourcesByClaim does for one.
func (db *DB) SourcesByClaims(ctx context.Context, claimIDs []int64) (map[int64][]claims.LinkedSource, error) {
	out := make(map[int64][]claims.LinkedSource, len(claimIDs))
	if len(claimIDs) == 0 {
		return out, nil
	}
	return db.linksWhere(ctx, out, "cs.claim_id IN ?", claimIDs)
}

// StoryLinks returns the sources linked to each claim of a story, as
// SourcesByClaims does, in one query however many claims the story has.
func (db *DB) StoryLinks(ctx context.Context, storyID int64) (map[int64][]claims.LinkedSource, error) {
	return db.linksWhere(ctx, map[int64][]claims.LinkedSource{},
		"cs.claim_id IN (SELECT id FROM claims WHERE story_id = ?)", storyID)
}

func (db *DB) linksWhere(ctx context.Context, out map[int64][]claims.LinkedSource, cond string, arg any) (map[int64][]claims.LinkedSource, error) {
	var rows []linkedSourceRow
	err := db.conn(ctx).Table("claim_sources AS cs").
		Select("s.*, cs.claim_id, cs.stance, cs.linked_at").
		Joins("JOIN sources AS s ON s.id = cs.source_id").
		Where(cond+" AND cs.unlinked_at IS NULL", arg).
		Order("cs.claim_id, cs.linked_at, s.id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], claims.LinkedSource{Source: fromSourceRow(r.Source), Stance: claims.Stance(r.Stance), LinkedAt: utc(r.LinkedAt)})
	}
	return out, nil
}

// StoryEvidence returns each claim's evidence oldest first, withdrawn
// included, for every claim of a story, in one query.
func (db *DB) StoryEvidence(ctx context.Context, storyID int64) (map[int64][]claims.Evidence, error) {
	var rows []evidenceRow
	err := db.conn(ctx).Where("claim_id IN (SELECT id FROM claims WHERE story_id = ?)", storyID).
		Order("claim_id, id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[int64][]claims.Evidence{}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], fromEvidenceRow(r))
	}
	return out, nil
}

// SourcesByIDs returns the sources with these ids in id order; ids that
// match none are left out.
func (db *DB) SourcesByIDs(ctx context.Context, ids []int64) ([]claims.Source, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []sourceRow
	if err := db.conn(ctx).Where("id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.Source, len(rows))
	for i, r := range rows {
		out[i] = fromSourceRow(r)
	}
	return out, nil
}

// AppearancesByClaims returns each of these claims' recorded appearances,
// in the order they were recorded, as AppearancesByClaim does for one.
func (db *DB) AppearancesByClaims(ctx context.Context, claimIDs []int64) (map[int64][]claims.Appearance, error) {
	out := make(map[int64][]claims.Appearance, len(claimIDs))
	if len(claimIDs) == 0 {
		return out, nil
	}
	var rows []appearanceRow
	if err := db.conn(ctx).Where("claim_id IN ?", claimIDs).Order("claim_id, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], fromAppearanceRow(r))
	}
	return out, nil
}

// statusEventWhere selects the public events that set a status, as the
// partial index events_claim_status does.
const statusEventWhere = `e.public AND e.to_status <> '' AND e.kind IN ('` + string(claims.EventStatusChanged) + `', '` + string(claims.EventClaimCreated) + `')`

// LatestStatusEvents returns, for each of these claims, its newest public
// event that set a status (its creation or a status change): the one that
// gave it the status it has.
func (db *DB) LatestStatusEvents(ctx context.Context, claimIDs []int64) (map[int64]claims.Event, error) {
	out := make(map[int64]claims.Event, len(claimIDs))
	if len(claimIDs) == 0 {
		return out, nil
	}
	var rows []eventRow
	// Each claim's newest such event, the first of events_claim_status
	// (migration 00020), whose condition the query spells out in literals:
	// both databases use a partial index only for a query that says so
	// itself. Walking back through the claim's public events instead read
	// every note since the last status change (5 ms on PostgreSQL for a
	// claim of 10,000 notes); its greatest id among all of them read every
	// event (31 ms).
	err := db.conn(ctx).Where(`id IN (SELECT (SELECT e.id FROM events e
		WHERE e.claim_id = c.id AND `+statusEventWhere+` ORDER BY e.id DESC LIMIT 1)
		FROM claims c WHERE c.id IN ?)`, claimIDs).
		Find(&rows).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[*r.ClaimID] = fromEventRow(r)
	}
	return out, nil
}
