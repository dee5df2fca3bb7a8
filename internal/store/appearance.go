package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

type appearanceRow struct {
	ID         int64 `gorm:"primaryKey"`
	ClaimID    int64
	URL        string
	Outlet     string
	AppearedAt *time.Time
	Claimant   string
	CreatedAt  time.Time
}

func (appearanceRow) TableName() string { return "claim_appearances" }

// CreateAppearance stores a and sets its ID.
func (db *DB) CreateAppearance(ctx context.Context, a *claims.Appearance) error {
	r := appearanceRow{ClaimID: a.ClaimID, URL: a.URL, Outlet: a.Outlet, AppearedAt: utcPtr(a.AppearedAt), Claimant: a.Claimant,
		CreatedAt: db.orNow(a.CreatedAt)}
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return err
	}
	a.ID, a.CreatedAt, a.AppearedAt = r.ID, r.CreatedAt, r.AppearedAt
	return nil
}

// AppearancesByClaim returns a claim's appearances in id order.
func (db *DB) AppearancesByClaim(ctx context.Context, claimID int64) ([]claims.Appearance, error) {
	return findRows(db.conn(ctx).Where("claim_id = ?", claimID).Order("id"), fromAppearanceRow)
}

func fromAppearanceRow(r appearanceRow) claims.Appearance {
	return claims.Appearance{ID: r.ID, ClaimID: r.ClaimID, URL: r.URL, Outlet: r.Outlet, AppearedAt: utcPtr(r.AppearedAt),
		Claimant: r.Claimant, CreatedAt: utc(r.CreatedAt)}
}
