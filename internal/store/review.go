package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// reviewRow is a row of review_items.
type reviewRow struct {
	ID         int64 `gorm:"primaryKey"`
	EventID    int64
	State      string
	OpenedAt   time.Time
	ClosedBy   string
	ClosedByID *int64
	ClosedAt   *time.Time
}

func (reviewRow) TableName() string { return "review_items" }

// reviewEventRow is a review item read together with its event.
type reviewEventRow struct {
	Review reviewRow `gorm:"embedded;embeddedPrefix:r_"`
	Event  eventRow  `gorm:"embedded"`
}

func fromReviewRow(r reviewRow, e eventRow) claims.ReviewItem {
	return claims.ReviewItem{ID: r.ID, EventID: r.EventID, Event: fromEventRow(e), State: claims.ReviewState(r.State),
		OpenedAt: utc(r.OpenedAt), ClosedBy: r.ClosedBy, ClosedByID: r.ClosedByID, ClosedAt: utcPtr(r.ClosedAt)}
}

// reviewSelect reads an item's columns under an r_ prefix beside its event's.
const reviewSelect = `e.*, r.id AS r_id, r.event_id AS r_event_id, r.state AS r_state, r.opened_at AS r_opened_at,
	r.closed_by AS r_closed_by, r.closed_by_id AS r_closed_by_id, r.closed_at AS r_closed_at`

// CreateReviewItem stores r and sets its ID; a zero OpenedAt becomes now and
// an empty State open. ENOTFOUND for an unknown event; ECONFLICT when the
// event already has an item.
func (db *DB) CreateReviewItem(ctx context.Context, r *claims.ReviewItem) error {
	r.OpenedAt = db.orNow(r.OpenedAt)
	if r.State == "" {
		r.State = claims.ReviewOpen
	}
	row := reviewRow{EventID: r.EventID, State: string(r.State), OpenedAt: r.OpenedAt,
		ClosedBy: r.ClosedBy, ClosedByID: r.ClosedByID, ClosedAt: utcPtr(r.ClosedAt)}
	if err := db.conn(ctx).Create(&row).Error; err != nil {
		return writeErr(err, "a review item for that event")
	}
	r.ID = row.ID
	return nil
}

// ReviewItems returns one page of the items q selects, newest first, each
// with its event.
func (db *DB) ReviewItems(ctx context.Context, q claims.ReviewQuery) ([]claims.ReviewItem, error) {
	tx := db.conn(ctx).Table("review_items AS r").Select(reviewSelect).
		Joins("JOIN events AS e ON e.id = r.event_id")
	if q.State != "" {
		tx = tx.Where("r.state = ?", string(q.State))
	}
	if q.ExcludeActorID != 0 {
		tx = tx.Where("(e.actor_id IS NULL OR e.actor_id <> ?)", q.ExcludeActorID)
	}
	if q.Page.Before > 0 {
		tx = tx.Where("r.id < ?", q.Page.Before)
	}
	var rows []reviewEventRow
	if err := tx.Order("r.id DESC").Limit(limit(q.Page)).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]claims.ReviewItem, len(rows))
	for i, r := range rows {
		out[i] = fromReviewRow(r.Review, r.Event)
	}
	return out, nil
}

// ReviewItemByID returns an item with its event. ENOTFOUND.
func (db *DB) ReviewItemByID(ctx context.Context, id int64) (*claims.ReviewItem, error) {
	var rows []reviewEventRow
	err := db.conn(ctx).Table("review_items AS r").Select(reviewSelect).
		Joins("JOIN events AS e ON e.id = r.event_id").Where("r.id = ?", id).Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, claims.Errorf(claims.ENOTFOUND, "review item %d not found", id)
	}
	it := fromReviewRow(rows[0].Review, rows[0].Event)
	return &it, nil
}

// CloseReviewItem moves an open item to state. The update is conditional on
// the item still being open, so of two editors closing it at once exactly
// one wins. ENOTFOUND; ECONFLICT when it is no longer open.
func (db *DB) CloseReviewItem(ctx context.Context, id int64, state claims.ReviewState, by claims.Actor, at time.Time) error {
	var byID *int64
	if by.UserID != 0 {
		byID = &by.UserID
	}
	res := db.conn(ctx).Exec(`UPDATE review_items SET state = ?, closed_by = ?, closed_by_id = ?, closed_at = ?
		WHERE id = ? AND state = ?`, string(state), by.Name, byID, db.orNow(at), id, string(claims.ReviewOpen))
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		if _, err := db.ReviewItemByID(ctx, id); err != nil {
			return err
		}
		return claims.Errorf(claims.ECONFLICT, "review item %d is already closed", id)
	}
	return nil
}
