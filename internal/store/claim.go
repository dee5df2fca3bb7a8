package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// claimRow is a row of claims: the claim's fields are its columns.
type claimRow struct{ claims.Claim }

func (claimRow) TableName() string { return "claims" }

func fromClaimRow(r claimRow) claims.Claim { return utcClaim(r.Claim) }

// utcClaim is c with its times as both databases store them (see utc), for
// writing and for reading.
func utcClaim(c claims.Claim) claims.Claim {
	c.ResolvedAt, c.ReviewBy = utcPtr(c.ResolvedAt), utcPtr(c.ReviewBy)
	c.CreatedAt, c.UpdatedAt = utc(c.CreatedAt), utc(c.UpdatedAt)
	return c
}

// ClaimByID returns the claim with the given id. ENOTFOUND.
func (db *DB) ClaimByID(ctx context.Context, id int64) (*claims.Claim, error) {
	return takeRow(db.conn(ctx).Where("id = ?", id), fromClaimRow, "claim %d not found", id)
}

// ClaimsByStory returns a story's claims in position order, withdrawn ones
// included.
func (db *DB) ClaimsByStory(ctx context.Context, storyID int64) ([]claims.Claim, error) {
	return findRows(db.conn(ctx).Where("story_id = ?", storyID).Order("position, id"), fromClaimRow)
}

// CreateClaim stores c and sets its ID, Version 1, its timestamps when zero
// and, when zero, its Position (after the story's last claim). ENOTFOUND
// for an unknown story.
func (db *DB) CreateClaim(ctx context.Context, c *claims.Claim) error {
	conn := db.conn(ctx)
	if db.dialect == DialectPostgres {
		// Lock the story so that concurrent transactions adding claims to
		// it take turns and cannot read the same last position. (SQLite
		// write transactions already take turns.)
		var ids []int64
		if err := conn.Raw("SELECT id FROM stories WHERE id = ? FOR NO KEY UPDATE", c.StoryID).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return claims.Errorf(claims.ENOTFOUND, "story %d not found", c.StoryID)
		}
	}
	if c.Position == 0 {
		var last int
		err := conn.Model(&claimRow{}).Where("story_id = ?", c.StoryID).
			Select("COALESCE(MAX(position), 0)").Scan(&last).Error
		if err != nil {
			return err
		}
		c.Position = last + 1
	}
	c.CreatedAt = db.orNow(c.CreatedAt)
	c.UpdatedAt = db.orNow(c.UpdatedAt)
	c.Version = 1
	r := claimRow{utcClaim(*c)}
	r.ID = 0
	if err := conn.Create(&r).Error; err != nil {
		if isForeignKey(err) {
			return claims.Errorf(claims.ENOTFOUND, "story %d not found", c.StoryID)
		}
		return err
	}
	c.ID = r.ID
	return nil
}

// UpdateClaim writes c's fields if its stored version is still
// expectedVersion, and sets c.Version to the new version. ENOTFOUND;
// ECONFLICT when the version moved on.
func (db *DB) UpdateClaim(ctx context.Context, c *claims.Claim, expectedVersion int) error {
	c.UpdatedAt = db.orNow(c.UpdatedAt)
	r := claimRow{utcClaim(*c)}
	res := db.conn(ctx).Model(&claimRow{}).Where("id = ? AND version = ?", c.ID, expectedVersion).Updates(map[string]any{
		"text": r.Text, "status": r.Status, "what_would_settle": r.WhatWouldSettle, "position": r.Position,
		"resolved_at": r.ResolvedAt, "review_by": r.ReviewBy, "withdrawn": r.Withdrawn, "assignee_id": r.AssigneeID, "updated_at": r.UpdatedAt,
		"version": gorm.Expr("version + 1"),
	})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return db.staleOrMissing(ctx, "claims", "claim", c.ID)
	}
	c.Version = expectedVersion + 1
	return nil
}

// ClaimsDueForReview returns the claims, not withdrawn, whose review date is
// before now, earliest due first.
func (db *DB) ClaimsDueForReview(ctx context.Context, now time.Time) ([]claims.Claim, error) {
	return findRows(db.conn(ctx).Where("review_by IS NOT NULL AND review_by < ? AND withdrawn = ?", utc(now), false).
		Order("review_by, id"), fromClaimRow)
}

// ClaimsOutsideStatuses returns up to limit claims whose status is none of
// ids, in id order.
func (db *DB) ClaimsOutsideStatuses(ctx context.Context, ids []string, limit int) ([]claims.Claim, error) {
	return findRows(db.conn(ctx).Where("status NOT IN ?", ids).Order("id").Limit(limit), fromClaimRow)
}
