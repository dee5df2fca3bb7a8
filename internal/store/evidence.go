package store

import (
	"context"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// evidenceRow is a row of evidence: the evidence's fields are its columns.
type evidenceRow struct{ claims.Evidence }

func (evidenceRow) TableName() string { return "evidence" }

func toEvidenceRow(e *claims.Evidence) evidenceRow {
	r := evidenceRow{*e}
	r.CreatedAt = utc(e.CreatedAt)
	return r
}

func fromEvidenceRow(r evidenceRow) claims.Evidence {
	r.CreatedAt = utc(r.CreatedAt)
	return r.Evidence
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
	return changed(res, "evidence %d not found", id)
}
