package store

import (
	"context"
	"encoding/json"

	"github.com/claimtrack/claimtrack/internal/claims"
	"gorm.io/gorm"
)

// eventRow is a row of events: the event's fields are its columns, but for
// Payload, which is stored as text ("" for none) and so shadows the
// event's json.RawMessage, which the drivers would write as bytes.
type eventRow struct {
	claims.Event
	Payload string
}

func (eventRow) TableName() string { return "events" }

func toEventRow(e *claims.Event) eventRow {
	r := eventRow{Event: *e, Payload: string(e.Payload)}
	r.At, r.Event.Payload = utc(e.At), nil
	return r
}

func fromEventRow(r eventRow) claims.Event {
	e := r.Event
	e.At = utc(e.At)
	if r.Payload != "" {
		e.Payload = json.RawMessage(r.Payload)
	}
	return e
}

// AppendEvent adds e to the timeline and sets its ID; a zero At becomes now.
// EINVALID when the payload is not JSON; ENOTFOUND for an unknown story,
// claim or source.
func (db *DB) AppendEvent(ctx context.Context, e *claims.Event) error {
	if len(e.Payload) > 0 && !json.Valid(e.Payload) {
		return claims.Invalid("payload", "the event payload is not valid JSON")
	}
	e.At = db.orNow(e.At)
	r := toEventRow(e)
	return db.insert(ctx, &r, &r.ID, &e.ID, "the event")
}

// Events returns one page of the events q selects, newest first, or oldest
// first with q.Oldest.
func (db *DB) Events(ctx context.Context, q claims.EventQuery) ([]claims.Event, error) {
	order := "id DESC"
	if q.Oldest {
		order = "id"
	}
	// The page's ids first: an index on the filtered columns and id answers
	// them alone (events_claim_public for a claim's public timeline), where
	// PostgreSQL, asked for whole rows, may walk the primary key through
	// every newer event of other claims.
	ids := eventsWhere(db.conn(ctx).Model(&eventRow{}), q).Select("id").Order(order).Limit(limit(q.Page))
	in := "id IN (?)"
	if db.dialect == DialectPostgres {
		// Handed the ids as a subquery, PostgreSQL may hash them against a
		// sequential scan of every event, which it prefers when one claim
		// holds most of the table (7.8 ms for 51 of 10,000, EXPLAIN
		// ANALYZE); as an array they are values it looks up by key.
		in = "id = ANY(ARRAY(?))"
	}
	return findRows(db.conn(ctx).Model(&eventRow{}).Where(in, ids).Order(order), fromEventRow)
}

// CountEvents counts the events q selects, on every page before
// q.Page.Before (all of them when it is 0). A claim's whole timeline, or its
// public part, is counted by migration 00020's triggers: reading the count
// costs one row however many events the claim has.
func (db *DB) CountEvents(ctx context.Context, q claims.EventQuery) (int, error) {
	if col, ok := storedEventCount(q); ok {
		var ns []int64
		err := db.conn(ctx).Table("claims").Where("id = ?", q.ClaimID).Pluck(col, &ns).Error
		if err != nil || len(ns) == 0 {
			return 0, err
		}
		return int(ns[0]), nil
	}
	var n int64
	err := eventsWhere(db.conn(ctx).Model(&eventRow{}), q).Count(&n).Error
	return int(n), err
}

// storedEventCount names the column of claims that holds the count q asks
// for, when one does: a claim's events, or its public events, unfiltered.
func storedEventCount(q claims.EventQuery) (string, bool) {
	if q.ClaimID == 0 || q.StoryID != 0 || len(q.Kinds) > 0 || len(q.ToStatuses) > 0 ||
		q.ExcludeActorID != 0 || q.Page.Before != 0 || q.From != 0 {
		return "", false
	}
	if q.PublicOnly {
		return "public_event_count", true
	}
	return "event_count", true
}

func eventsWhere(tx *gorm.DB, q claims.EventQuery) *gorm.DB {
	if q.StoryID != 0 {
		tx = tx.Where("story_id = ?", q.StoryID)
	}
	if q.ClaimID != 0 {
		tx = tx.Where("claim_id = ?", q.ClaimID)
	}
	if q.PublicOnly {
		tx = tx.Where("public = ?", true)
	}
	if len(q.Kinds) > 0 {
		kinds := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			kinds[i] = string(k)
		}
		tx = tx.Where("kind IN ?", kinds)
	}
	if len(q.ToStatuses) > 0 {
		tx = tx.Where("to_status IN ?", q.ToStatuses)
	}
	if q.ExcludeActorID != 0 {
		tx = tx.Where("(actor_id IS NULL OR actor_id <> ?)", q.ExcludeActorID)
	}
	if q.Page.Before > 0 {
		tx = tx.Where("id < ?", q.Page.Before)
	}
	if q.From > 0 {
		tx = tx.Where("id >= ?", q.From)
	}
	return tx
}
