package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// evidenceRow is a row of evidence.
type evidenceRow struct {
	ID        int64 `gorm:"primaryKey"`
	ClaimID   int64
	Summary   string
	Stance    string
	SourceID  *int64
	Quote     string
	Actor     string
	ActorID   *int64
	Withdrawn bool
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (evidenceRow) TableName() string { return "evidence" }

func toEvidenceRow(e *claims.Evidence) evidenceRow {
	return evidenceRow{
		ID: e.ID, ClaimID: e.ClaimID, Summary: e.Summary, Stance: string(e.Stance), SourceID: e.SourceID,
		Quote: e.Quote, Actor: e.Actor, ActorID: e.ActorID, Withdrawn: e.Withdrawn, CreatedAt: utc(e.CreatedAt),
	}
}

func fromEvidenceRow(r evidenceRow) claims.Evidence {
	return claims.Evidence{
		ID: r.ID, ClaimID: r.ClaimID, Summary: r.Summary, Stance: claims.Stance(r.Stance), SourceID: r.SourceID,
		Quote: r.Quote, Actor: r.Actor, ActorID: r.ActorID, Withdrawn: r.Withdrawn, CreatedAt: utc(r.CreatedAt),
	}
}

// EvidenceByClaim returns a claim's evidence oldest first, withdrawn
// included.
func (db *DB) EvidenceByClaim(ctx context.Context, claimID int64) ([]claims.Evidence, error) {
	return findRows(db.conn(ctx).Where("claim_id = ?", claimID).Order("id"), fromEvidenceRow)
}

// EvidenceByID returns the evidence with the given id. ENOTFOUND.
func (db *DB) EvidenceByID(ctx context.Context, id int64) (*claims.Evidence, error) {
	return takeRow(db.conn(ctx).Where("id = ?", id), fromEvidenceRow, "evidence %d not found", id)
}

// CreateEvidence stores e and sets its ID and, when zero, CreatedAt.
// ENOTFOUND for an unknown claim or source.
func (db *DB) CreateEvidence(ctx context.Context, e *claims.Evidence) error {
	e.CreatedAt = db.orNow(e.CreatedAt)
	r := toEvidenceRow(e)
	return db.insert(ctx, &r, &r.ID, &e.ID, "the evidence")
}

// WithdrawEvidence marks evidence withdrawn; the row stays. ENOTFOUND.
func (db *DB) WithdrawEvidence(ctx context.Context, id int64) error {
	res := db.conn(ctx).Model(&evidenceRow{}).Where("id = ?", id).Update("withdrawn", true)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ENOTFOUND, "evidence %d not found", id)
	}
	return nil
}
