package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/claimtrack/claimtrack/internal/webhooks"
)

var _ webhooks.Store = (*DB)(nil)

// endpointRow is a row of webhook_endpoints; Kinds is a JSON array.
type endpointRow struct {
	ID        int64 `gorm:"primaryKey"`
	URL       string
	Kinds     string
	Secret    string
	Active    bool
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	CreatedBy string
}

func (endpointRow) TableName() string { return "webhook_endpoints" }

func fromEndpointRow(r endpointRow) (webhooks.Endpoint, error) {
	e := webhooks.Endpoint{ID: r.ID, URL: r.URL, Secret: r.Secret, Active: r.Active, CreatedAt: utc(r.CreatedAt), CreatedBy: r.CreatedBy}
	return e, json.Unmarshal([]byte(r.Kinds), &e.Kinds)
}

// deliveryRow is a row of webhook_deliveries.
type deliveryRow struct {
	ID         int64 `gorm:"primaryKey"`
	EndpointID int64
	EventID    int64
	Kind       string
	Body       string
	LeaseCols
	LastStatus  int
	DeliveredAt *time.Time
}

func (deliveryRow) TableName() string { return "webhook_deliveries" }

func fromDeliveryRows(rows []deliveryRow) []webhooks.Delivery {
	return mapRows(rows, func(r deliveryRow) webhooks.Delivery {
		return webhooks.Delivery{ID: r.ID, EndpointID: r.EndpointID, EventID: r.EventID, Kind: r.Kind, Body: r.Body,
			State: webhooks.State(r.State), Attempts: r.Attempts, NotBefore: utc(r.NotBefore), LeaseOwner: r.LeaseOwner,
			LeaseUntil: utcPtr(r.LeaseUntil), LastStatus: r.LastStatus, LastError: r.LastError, CreatedAt: utc(r.CreatedAt),
			UpdatedAt: utc(r.UpdatedAt), DeliveredAt: utcPtr(r.DeliveredAt)}
	})
}

// CreateEndpoint stores a new endpoint and sets its ID.
func (db *DB) CreateEndpoint(ctx context.Context, e *webhooks.Endpoint) error {
	kinds, err := json.Marshal(e.Kinds)
	if err != nil {
		return err
	}
	r := endpointRow{URL: e.URL, Kinds: string(kinds), Secret: e.Secret, Active: e.Active, CreatedAt: utc(e.CreatedAt), CreatedBy: e.CreatedBy}
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return err
	}
	e.ID = r.ID
	return nil
}

// Endpoints lists every endpoint, newest first.
func (db *DB) Endpoints(ctx context.Context) ([]webhooks.Endpoint, error) {
	var rows []endpointRow
	if err := db.conn(ctx).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]webhooks.Endpoint, len(rows))
	for i, r := range rows {
		e, err := fromEndpointRow(r)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	return out, nil
}

// EndpointByID returns ENOTFOUND for an unknown id.
func (db *DB) EndpointByID(ctx context.Context, id int64) (*webhooks.Endpoint, error) {
	var r endpointRow
	if err := db.conn(ctx).Take(&r, id).Error; err != nil {
		return nil, notFound(err, "webhook endpoint %d not found", id)
	}
	e, err := fromEndpointRow(r)
	return &e, err
}

// SetEndpointActive switches an endpoint on or off; off, its queued
// deliveries fail with reason.
func (db *DB) SetEndpointActive(ctx context.Context, id int64, active bool, now time.Time, reason string) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Model(&endpointRow{}).Where("id = ?", id).Update("active", active)
		if err := changed(res, "webhook endpoint %d not found", id); err != nil {
			return err
		}
		if active {
			return nil
		}
		return db.conn(ctx).Model(&deliveryRow{}).Where("endpoint_id = ? AND state = ?", id, webhooks.StateQueued).
			Updates(map[string]any{"state": string(webhooks.StateFailed), "last_error": reason, "lease_owner": "",
				"lease_until": nil, "updated_at": utc(now)}).Error
	})
}

// QueueDeliveries writes one row per active endpoint wanting kind, when the
// event's story is published. Kinds are matched as JSON strings inside the
// endpoint's array: they come from a fixed vocabulary of plain words, so
// `"kind"` cannot match anything but that element.
func (db *DB) QueueDeliveries(ctx context.Context, eventID int64, kind, body string, now time.Time) (int, error) {
	now = utc(now)
	res := db.conn(ctx).Exec(`INSERT INTO webhook_deliveries
		(endpoint_id, event_id, kind, body, state, attempts, not_before, lease_owner, last_status, last_error, created_at, updated_at)
		SELECT e.id, ?, ?, ?, ?, 0, ?, '', 0, '', ?, ? FROM webhook_endpoints e
		WHERE e.active AND e.kinds LIKE ?
		  AND EXISTS (SELECT 1 FROM events ev JOIN stories st ON st.id = ev.story_id WHERE ev.id = ? AND st.published)
		ON CONFLICT DO NOTHING`,
		eventID, kind, body, string(webhooks.StateQueued), now, now, now, `%"`+kind+`"%`, eventID)
	return int(res.RowsAffected), res.Error
}

// LeaseDeliveries leases up to limit due deliveries, oldest first.
func (db *DB) LeaseDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]webhooks.Delivery, error) {
	rows, err := leaseOldest[deliveryRow](ctx, db, "webhook_deliveries", owner, now, until, limit)
	return fromDeliveryRows(rows), err
}

// FinishDelivery records one attempt's outcome on a row owner holds.
func (db *DB) FinishDelivery(ctx context.Context, id int64, owner string, state webhooks.State, status int, msg string, now, notBefore time.Time) error {
	now = utc(now)
	set := map[string]any{"state": string(state), "attempts": attemptsPlusOne, "last_status": status, "last_error": msg,
		"lease_owner": "", "lease_until": nil, "updated_at": now}
	switch state {
	case webhooks.StateDelivered:
		set["delivered_at"] = now
	case webhooks.StateQueued:
		set["not_before"] = utc(notBefore)
	}
	return db.conn(ctx).Model(&deliveryRow{}).
		Where("id = ? AND state = ? AND lease_owner = ? AND lease_owner <> ''", id, webhooks.StateQueued, owner).
		Updates(set).Error
}

// Deliveries returns an endpoint's newest deliveries first.
func (db *DB) Deliveries(ctx context.Context, endpointID int64, limit int) ([]webhooks.Delivery, error) {
	var rows []deliveryRow
	err := db.conn(ctx).Where("endpoint_id = ?", endpointID).Order("id DESC").Limit(limit).Find(&rows).Error
	return fromDeliveryRows(rows), err
}
