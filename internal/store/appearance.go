package store

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// appearanceRow is a row of claim_appearances: the appearance's fields are
// its columns.
type appearanceRow struct{ claims.Appearance }

func (appearanceRow) TableName() string { return "claim_appearances" }

// CreateAppearance stores a and sets its ID.
func (db *DB) CreateAppearance(ctx context.Context, a *claims.Appearance) error {
	r := appearanceRow{utcAppearance(*a)}
	r.ID, r.CreatedAt = 0, db.orNow(a.CreatedAt)
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return err
	}
	*a = r.Appearance
	return nil
}

// AppearancesByClaim returns a claim's appearances in id order.
func (db *DB) AppearancesByClaim(ctx context.Context, claimID int64) ([]claims.Appearance, error) {
	return findRows(db.conn(ctx).Where("claim_id = ?", claimID).Order("id"), fromAppearanceRow)
}

func fromAppearanceRow(r appearanceRow) claims.Appearance { return utcAppearance(r.Appearance) }

// utcAppearance is a with its times as both databases store them (see utc).
func utcAppearance(a claims.Appearance) claims.Appearance {
	a.AppearedAt, a.CreatedAt = utcPtr(a.AppearedAt), utc(a.CreatedAt)
	return a
}
