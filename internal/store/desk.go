package store

import (
	"context"
	"encoding/json"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// factJSON fixes the stored shape of a story's facts.
type factJSON struct {
	Text      string  `json:"text"`
	SourceIDs []int64 `json:"source_ids"`
}

func factsJSON(facts []claims.Fact) (string, error) {
	out := make([]factJSON, len(facts))
	for i, f := range facts {
		out[i] = factJSON{Text: f.Text, SourceIDs: f.SourceIDs}
		if out[i].SourceIDs == nil {
			out[i].SourceIDs = []int64{}
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func parseFacts(s string) ([]claims.Fact, error) {
	if s == "" {
		return nil, nil
	}
	var fs []factJSON
	if err := json.Unmarshal([]byte(s), &fs); err != nil {
		return nil, err
	}
	var out []claims.Fact
	for _, f := range fs {
		out = append(out, claims.Fact{Text: f.Text, SourceIDs: f.SourceIDs})
	}
	return out, nil
}

// Editors returns the active users, by name.
func (db *DB) Editors(ctx context.Context) ([]claims.Editor, error) {
	return findRows(db.conn(ctx).Where("disabled = ?", false).Order("name, id"), func(r userRow) claims.Editor {
		return claims.Editor{ID: r.ID, Name: r.Name}
	})
}

// ListClaims returns the claims matching q, newest first, with their
// stories, in one query.
func (db *DB) ListClaims(ctx context.Context, q claims.ClaimQuery, resolved []string) ([]claims.ClaimRef, error) {
	type row struct {
		Claim          claimRow `gorm:"embedded"`
		StorySlug      string
		StoryTitle     string
		StoryPublished bool
	}
	tx := db.conn(ctx).Table("claims").
		Select("claims.*, stories.slug AS story_slug, stories.title AS story_title, stories.published AS story_published").
		Joins("JOIN stories ON stories.id = claims.story_id")
	if q.AssigneeID != 0 {
		tx = tx.Where("claims.assignee_id = ?", q.AssigneeID)
	}
	if q.OpenOnly {
		tx = tx.Where("claims.withdrawn = ?", false)
		if len(resolved) > 0 {
			tx = tx.Where("claims.status NOT IN ?", resolved)
		}
	}
	if q.Statuses != nil {
		if len(q.Statuses) == 0 {
			return []claims.ClaimRef{}, nil
		}
		tx = tx.Where("claims.withdrawn = ? AND claims.status IN ?", false, q.Statuses)
	}
	if q.PublishedOnly {
		tx = tx.Where("stories.published = ?", true)
	}
	if q.IDs != nil {
		if len(q.IDs) == 0 {
			return []claims.ClaimRef{}, nil
		}
		tx = tx.Where("claims.id IN ?", q.IDs)
	}
	if q.Page.Before > 0 {
		tx = tx.Where("claims.id < ?", q.Page.Before)
	}
	if q.Page.Limit > 0 {
		tx = tx.Limit(q.Page.Limit)
	}
	var rows []row
	if err := tx.Order("claims.id DESC").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.ClaimRef, len(rows))
	for i, r := range rows {
		out[i] = claims.ClaimRef{Claim: fromClaimRow(r.Claim), StorySlug: r.StorySlug, StoryTitle: r.StoryTitle,
			StoryPublished: r.StoryPublished}
	}
	return out, nil
}

// SetClaimPositions numbers a story's claims 1, 2, ... in the order of ids.
// The order is the story's, not the claim's: versions stay, so nobody's
// open claim form goes stale because claims moved.
func (db *DB) SetClaimPositions(ctx context.Context, storyID int64, ids []int64) error {
	conn := db.conn(ctx)
	for i, id := range ids {
		err := conn.Exec("UPDATE claims SET position = ? WHERE id = ? AND story_id = ? AND position <> ?", i+1, id, storyID, i+1).Error
		if err != nil {
			return err
		}
	}
	return nil
}
