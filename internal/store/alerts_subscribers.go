package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
)

// subscriberRow is a row of subscribers.
type subscriberRow struct {
	ID         int64 `gorm:"primaryKey"`
	Email      string
	ManageHash string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
}

func (subscriberRow) TableName() string { return "subscribers" }

func fromSubscriberRow(r subscriberRow) *alerts.Subscriber {
	return &alerts.Subscriber{ID: r.ID, Email: r.Email, ManageHash: r.ManageHash, CreatedAt: utc(r.CreatedAt)}
}

// CountSubscribeRequest records a subscribe request and returns how many of
// its kind and key, it included, were made after since; older requests of
// every key are pruned on the way.
func (db *DB) CountSubscribeRequest(ctx context.Context, kind, keyHash string, now, since time.Time) (int, error) {
	var n int
	err := db.Tx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = db.countRequest(ctx, "subscription_requests", kind, keyHash, db.orNow(now), since); err != nil {
			return err
		}
		return db.conn(ctx).Exec("DELETE FROM subscription_requests WHERE at <= ?", utc(since)).Error
	})
	return n, err
}

// SubscriberByEmail returns the subscriber with a normalised address.
// ENOTFOUND.
func (db *DB) SubscriberByEmail(ctx context.Context, email string) (*alerts.Subscriber, error) {
	return db.subscriberWhere(ctx, "email = ?", email)
}

// SubscriberByID returns a subscriber. ENOTFOUND.
func (db *DB) SubscriberByID(ctx context.Context, id int64) (*alerts.Subscriber, error) {
	return db.subscriberWhere(ctx, "id = ?", id)
}

// SubscriberByManageHash returns the subscriber a manage link token with
// that hash opens. ENOTFOUND.
func (db *DB) SubscriberByManageHash(ctx context.Context, hash string) (*alerts.Subscriber, error) {
	return db.subscriberWhere(ctx, "id = (SELECT subscriber_id FROM subscriber_tokens WHERE hash = ? AND kind = 'manage')", hash)
}

// linkTokenRow is a row of subscriber_tokens.
type linkTokenRow struct {
	Hash           string `gorm:"primaryKey"`
	Kind           string
	SubscriberID   int64
	SubscriptionID *int64
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
}

func (linkTokenRow) TableName() string { return "subscriber_tokens" }

// AddLinkTokens stores link tokens in one statement (batches of 500 on the
// wire). ENOTFOUND when a subscriber or subscription is unknown.
func (db *DB) AddLinkTokens(ctx context.Context, tokens []alerts.LinkToken) error {
	if len(tokens) == 0 {
		return nil
	}
	rows := make([]linkTokenRow, len(tokens))
	for i, t := range tokens {
		rows[i] = linkTokenRow{Hash: t.Hash, Kind: t.Kind, SubscriberID: t.SubscriberID, SubscriptionID: t.SubscriptionID, CreatedAt: db.orNow(t.CreatedAt)}
	}
	if err := db.conn(ctx).CreateInBatches(rows, 500).Error; err != nil {
		return writeErr(err, "the link token")
	}
	return nil
}

func (db *DB) subscriberWhere(ctx context.Context, cond string, arg any) (*alerts.Subscriber, error) {
	var r subscriberRow
	if err := db.conn(ctx).Where(cond, arg).Take(&r).Error; err != nil {
		return nil, notFound(err, "no such subscriber")
	}
	return fromSubscriberRow(r), nil
}

// CreateSubscriber stores s and sets s.ID; a zero CreatedAt becomes now.
// ECONFLICT when the address (or, by a one in 2^256 chance, the token) is
// taken.
func (db *DB) CreateSubscriber(ctx context.Context, s *alerts.Subscriber) error {
	s.CreatedAt = db.orNow(s.CreatedAt)
	r := subscriberRow{Email: s.Email, ManageHash: s.ManageHash, CreatedAt: s.CreatedAt}
	if err := db.conn(ctx).Create(&r).Error; err != nil {
		return writeErr(err, "the subscriber")
	}
	s.ID = r.ID
	return nil
}

// DeleteSubscriber forgets an address: its queued alerts are cancelled
// (leased ones too: a worker that then finds its row gone leaves it), all
// its outbox rows are detached from it and stay as delivery counts, and its
// subscriptions and the address itself are deleted. ENOTFOUND.
func (db *DB) DeleteSubscriber(ctx context.Context, id int64, now time.Time) error {
	now = db.orNow(now)
	return db.Tx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		if err := c.Exec(`UPDATE alert_outbox SET state = 'cancelled', lease_owner = '', lease_until = NULL, updated_at = ?
			WHERE subscription_id IN (SELECT id FROM subscriptions WHERE subscriber_id = ?) AND state = 'queued'`, now, id).Error; err != nil {
			return err
		}
		// Every row carries its subscription's subscriber (QueueAlerts
		// copies it), so this detaches all of the address's rows. No index
		// serves it: one on the address would cost every status change
		// more than this rare scan costs the reader leaving.
		if err := c.Exec(`UPDATE alert_outbox SET subscriber_id = NULL, subscription_id = NULL
			WHERE subscriber_id = ?`, id).Error; err != nil {
			return err
		}
		if err := c.Where("subscriber_id = ?", id).Delete(&linkTokenRow{}).Error; err != nil {
			return err
		}
		if err := c.Where("subscriber_id = ?", id).Delete(&subscriptionRow{}).Error; err != nil {
			return err
		}
		res := c.Where("id = ?", id).Delete(&subscriberRow{})
		return changed(res, "subscriber %d not found", id)
	})
}
