package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// watchRow is a row of claim_watches.
type watchRow struct {
	ClaimID   int64 `gorm:"primaryKey;autoIncrement:false"`
	Version   int
	Doc       string
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
	UpdatedBy string
}

func (watchRow) TableName() string { return "claim_watches" }

// watchDoc is the stored form of a claim's watches. It is spelled out here,
// not taken from the domain type, so renaming a Go field cannot silently
// change what is stored.
type watchDoc struct {
	Phrases []string         `json:"phrases"`
	Numbers []numberWatchDoc `json:"numbers"`
}

type numberWatchDoc struct {
	Label      string `json:"label"`
	SourceID   *int64 `json:"source_id"`
	Pattern    string `json:"pattern"`
	Selector   string `json:"selector"`
	Comparison string `json:"comparison"`
	Propose    string `json:"propose"`
}

// signalRow is a row of signal_states.
type signalRow struct {
	ClaimID   int64  `gorm:"primaryKey;autoIncrement:false"`
	SourceID  int64  `gorm:"primaryKey;autoIncrement:false"`
	SignalKey string `gorm:"primaryKey"`
	State     string
	Value     string
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

func (signalRow) TableName() string { return "signal_states" }

// WatchesByClaims returns the watches set on claimIDs, by claim id.
func (db *DB) WatchesByClaims(ctx context.Context, claimIDs []int64) (map[int64]claims.Watches, error) {
	out := map[int64]claims.Watches{}
	if len(claimIDs) == 0 {
		return out, nil
	}
	var rows []watchRow
	if err := db.conn(ctx).Where("claim_id IN ?", claimIDs).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		var d watchDoc
		if err := json.Unmarshal([]byte(r.Doc), &d); err != nil {
			return nil, fmt.Errorf("store: watches of claim %d: %w", r.ClaimID, err)
		}
		w := claims.Watches{ClaimID: r.ClaimID, Version: r.Version, Phrases: d.Phrases,
			UpdatedAt: utcPtr(&r.UpdatedAt), UpdatedBy: r.UpdatedBy}
		for _, n := range d.Numbers {
			w.Numbers = append(w.Numbers, claims.NumberWatch(n))
		}
		out[r.ClaimID] = w
	}
	return out, nil
}

// SaveWatches writes w over version w.Version-1 with a conditional write, so
// of two editors saving from the same version only the first succeeds.
func (db *DB) SaveWatches(ctx context.Context, w claims.Watches) error {
	d := watchDoc{Phrases: w.Phrases, Numbers: []numberWatchDoc{}}
	if d.Phrases == nil {
		d.Phrases = []string{}
	}
	for _, n := range w.Numbers {
		d.Numbers = append(d.Numbers, numberWatchDoc(n))
	}
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	row := watchRow{ClaimID: w.ClaimID, Version: w.Version, Doc: string(doc), UpdatedAt: db.orNow(deref(w.UpdatedAt)), UpdatedBy: w.UpdatedBy}
	if w.Version == 1 {
		res := db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return writeErr(res.Error, "watches for that claim")
		}
		if res.RowsAffected == 0 {
			return claims.Errorf(claims.ECONFLICT, "the watches of claim %d were changed by someone else", w.ClaimID)
		}
		return nil
	}
	res := db.conn(ctx).Model(&watchRow{}).Where("claim_id = ? AND version = ?", w.ClaimID, w.Version-1).
		Updates(map[string]any{"version": row.Version, "doc": row.Doc, "updated_at": row.UpdatedAt, "updated_by": row.UpdatedBy})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ECONFLICT, "the watches of claim %d were changed by someone else", w.ClaimID)
	}
	return nil
}

// SignalStates returns the signal states of claimIDs, on sourceID only when
// it is not 0, in claim, source and key order.
func (db *DB) SignalStates(ctx context.Context, claimIDs []int64, sourceID int64) ([]claims.SignalState, error) {
	if len(claimIDs) == 0 {
		return nil, nil
	}
	q := db.conn(ctx).Where("claim_id IN ?", claimIDs)
	if sourceID != 0 {
		q = q.Where("source_id = ?", sourceID)
	}
	return findRows(q.Order("claim_id, source_id, signal_key"), func(r signalRow) claims.SignalState {
		return claims.SignalState{ClaimID: r.ClaimID, SourceID: r.SourceID, Key: r.SignalKey, State: r.State,
			Value: r.Value, UpdatedAt: utc(r.UpdatedAt)}
	})
}

// SaveSignalState creates or replaces a signal state.
func (db *DB) SaveSignalState(ctx context.Context, st claims.SignalState) error {
	row := signalRow{ClaimID: st.ClaimID, SourceID: st.SourceID, SignalKey: st.Key, State: st.State, Value: st.Value,
		UpdatedAt: db.orNow(st.UpdatedAt)}
	return db.conn(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
}

// QuotingEvidence returns the standing evidence that quotes sourceID.
func (db *DB) QuotingEvidence(ctx context.Context, sourceID int64) ([]claims.Evidence, error) {
	return findRows(db.conn(ctx).Where("source_id = ? AND quote <> '' AND withdrawn = ?", sourceID, false).Order("id"), fromEvidenceRow)
}

// RefetchSources makes sourceIDs due at now and drops their validators. Sources
// never checked have no state row and are due already.
func (db *DB) RefetchSources(ctx context.Context, sourceIDs []int64, now time.Time) error {
	if len(sourceIDs) == 0 {
		return nil
	}
	return db.conn(ctx).Model(&checkStateRow{}).Where("source_id IN ?", sourceIDs).
		Updates(map[string]any{"next_check_at": utc(now), "etag": "", "last_modified": ""}).Error
}
