package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
)

// subscriptionRow is a row of subscriptions. ConfirmHash is NULL, not "",
// when nothing awaits confirmation: the column is unique.
type subscriptionRow struct {
	ID                int64 `gorm:"primaryKey"`
	SubscriberID      int64
	StoryID           *int64
	ClaimID           *int64
	UnsubscribeHash   string
	ConfirmHash       *string
	ConfirmExpiresAt  *time.Time
	CreatedAt         time.Time `gorm:"autoCreateTime:false"`
	ConfirmedAt       *time.Time
	EndedAt           *time.Time
	DisabledAt        *time.Time
	PermanentFailures int
}

func (subscriptionRow) TableName() string { return "subscriptions" }

func toSubscriptionRow(s *alerts.Subscription) subscriptionRow {
	r := subscriptionRow{
		ID: s.ID, SubscriberID: s.SubscriberID, StoryID: s.StoryID, ClaimID: s.ClaimID,
		UnsubscribeHash: s.UnsubscribeHash, ConfirmExpiresAt: utcPtr(s.ConfirmExpiresAt), CreatedAt: utc(s.CreatedAt),
		ConfirmedAt: utcPtr(s.ConfirmedAt), EndedAt: utcPtr(s.EndedAt), DisabledAt: utcPtr(s.DisabledAt),
		PermanentFailures: s.PermanentFailures,
	}
	if s.ConfirmHash != "" {
		r.ConfirmHash = &s.ConfirmHash
	}
	return r
}

func fromSubscriptionRow(r subscriptionRow) alerts.Subscription {
	return alerts.Subscription{
		ID: r.ID, SubscriberID: r.SubscriberID, StoryID: r.StoryID, ClaimID: r.ClaimID,
		UnsubscribeHash: r.UnsubscribeHash, ConfirmHash: deref(r.ConfirmHash),
		ConfirmExpiresAt: utcPtr(r.ConfirmExpiresAt), CreatedAt: utc(r.CreatedAt), ConfirmedAt: utcPtr(r.ConfirmedAt),
		EndedAt: utcPtr(r.EndedAt), DisabledAt: utcPtr(r.DisabledAt), PermanentFailures: r.PermanentFailures,
	}
}

// SubscriptionByID returns a subscription. ENOTFOUND.
func (db *DB) SubscriptionByID(ctx context.Context, id int64) (*alerts.Subscription, error) {
	return db.subscriptionWhere(ctx, "id = ?", id)
}

// SubscriptionFor returns the subscriber's subscription to the story
// (storyID set) or the claim (claimID set). ENOTFOUND; EINVALID unless
// exactly one target is given.
func (db *DB) SubscriptionFor(ctx context.Context, subscriberID int64, storyID, claimID *int64) (*alerts.Subscription, error) {
	switch {
	case storyID != nil && claimID == nil:
		return db.subscriptionWhere(ctx, "subscriber_id = ? AND story_id = ?", subscriberID, *storyID)
	case claimID != nil && storyID == nil:
		return db.subscriptionWhere(ctx, "subscriber_id = ? AND claim_id = ?", subscriberID, *claimID)
	}
	return nil, claims.Invalid("target", "a subscription follows either a story or a claim")
}

// SubscriptionByConfirmHash returns the subscription awaiting the
// confirmation whose token hashes to hash. ENOTFOUND.
func (db *DB) SubscriptionByConfirmHash(ctx context.Context, hash string) (*alerts.Subscription, error) {
	return db.subscriptionWhere(ctx, "confirm_hash = ?", hash)
}

// SubscriptionByUnsubscribeHash returns the subscription a one-click link
// token with that hash ends. ENOTFOUND.
func (db *DB) SubscriptionByUnsubscribeHash(ctx context.Context, hash string) (*alerts.Subscription, error) {
	return db.subscriptionWhere(ctx, "id = (SELECT subscription_id FROM subscriber_tokens WHERE hash = ? AND kind = 'unsubscribe')", hash)
}

func (db *DB) subscriptionWhere(ctx context.Context, cond string, args ...any) (*alerts.Subscription, error) {
	return takeRow(db.conn(ctx).Where(cond, args...), fromSubscriptionRow, "no such subscription")
}

// SubscriptionsBySubscriber returns an address's subscriptions, oldest
// first, ended and disabled ones included.
func (db *DB) SubscriptionsBySubscriber(ctx context.Context, subscriberID int64) ([]alerts.Subscription, error) {
	return findRows(db.conn(ctx).Where("subscriber_id = ?", subscriberID).Order("created_at, id"), fromSubscriptionRow)
}

// CreateSubscription stores s and sets s.ID; a zero CreatedAt becomes now.
// ECONFLICT when the address already follows the target; ENOTFOUND for an
// unknown subscriber, story or claim.
func (db *DB) CreateSubscription(ctx context.Context, s *alerts.Subscription) error {
	if (s.StoryID == nil) == (s.ClaimID == nil) {
		return claims.Invalid("target", "a subscription follows either a story or a claim")
	}
	s.CreatedAt = db.orNow(s.CreatedAt)
	r := toSubscriptionRow(s)
	return db.insert(ctx, &r, &r.ID, &s.ID, "the subscription")
}

// ReplaceConfirmHash sets the confirmation hash of a subscription that
// still awaits confirmation at now, and nothing else, so that a confirmation
// committed meanwhile is never written back; ENOTFOUND when none awaits.
func (db *DB) ReplaceConfirmHash(ctx context.Context, id int64, hash string, now time.Time) error {
	res := db.conn(ctx).Model(&subscriptionRow{}).
		Where("id = ? AND confirmed_at IS NULL AND ended_at IS NULL AND disabled_at IS NULL AND confirm_expires_at > ?", id, utc(now)).
		Update("confirm_hash", hash)
	if res.Error != nil {
		return writeErr(res.Error, "the subscription")
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ENOTFOUND, "subscription %d awaits no confirmation", id)
	}
	return nil
}

// UpdateSubscription writes every field of s but ID, SubscriberID and the
// target. ENOTFOUND; ECONFLICT for a confirmation or unsubscribe token
// another subscription holds.
func (db *DB) UpdateSubscription(ctx context.Context, s *alerts.Subscription) error {
	r := toSubscriptionRow(s)
	res := db.conn(ctx).Model(&subscriptionRow{}).Where("id = ?", s.ID).Updates(map[string]any{
		"unsubscribe_hash": r.UnsubscribeHash, "confirm_hash": r.ConfirmHash, "confirm_expires_at": r.ConfirmExpiresAt,
		"created_at": r.CreatedAt, "confirmed_at": r.ConfirmedAt, "ended_at": r.EndedAt, "disabled_at": r.DisabledAt,
		"permanent_failures": r.PermanentFailures,
	})
	if res.Error != nil {
		return writeErr(res.Error, "the subscription")
	}
	if res.RowsAffected == 0 {
		return claims.Errorf(claims.ENOTFOUND, "subscription %d not found", s.ID)
	}
	return nil
}

// EndSubscription sets ended_at, keeping an earlier one, and cancels the
// subscription's queued alerts, leased ones too (the reader said stop; a
// worker finding its row cancelled leaves it). ENOTFOUND.
func (db *DB) EndSubscription(ctx context.Context, id int64, now time.Time) error {
	now = db.orNow(now)
	return db.Tx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		res := c.Exec("UPDATE subscriptions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", now, id)
		if err := changed(res, "subscription %d not found", id); err != nil {
			return err
		}
		return c.Exec(`UPDATE alert_outbox SET state = 'cancelled', lease_owner = '', lease_until = NULL, updated_at = ?
			WHERE subscription_id = ? AND state = 'queued'`, now, id).Error
	})
}

// RecordPermanentFailure counts one permanent failure and, once there are
// max, disables the subscription and cancels its queued alerts that no
// worker holds (the caller settles its own leased rows, before or after).
// It reports whether the subscription is disabled. ENOTFOUND.
func (db *DB) RecordPermanentFailure(ctx context.Context, id int64, now time.Time, max int) (bool, error) {
	now = db.orNow(now)
	var disabled bool
	err := db.Tx(ctx, func(ctx context.Context) error {
		c := db.conn(ctx)
		res := c.Exec(`UPDATE subscriptions SET permanent_failures = permanent_failures + 1,
			disabled_at = CASE WHEN disabled_at IS NULL AND permanent_failures + 1 >= ? THEN ? ELSE disabled_at END
			WHERE id = ?`, max, now, id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return claims.Errorf(claims.ENOTFOUND, "subscription %d not found", id)
		}
		s, err := db.SubscriptionByID(ctx, id)
		if err != nil {
			return err
		}
		if disabled = s.DisabledAt != nil; !disabled {
			return nil
		}
		return c.Exec(`UPDATE alert_outbox SET state = 'cancelled', updated_at = ?
			WHERE subscription_id = ? AND state = 'queued' AND (lease_until IS NULL OR lease_until <= ?)`,
			now, id, now).Error
	})
	return disabled, err
}

// SubscriberCounts counts active and pending (unconfirmed, not ended, link
// unexpired by the store's clock) subscriptions per story and per claim,
// leaving out targets with neither; a claim's line carries its story. By
// story, then claim (a story's own line first).
func (db *DB) SubscriberCounts(ctx context.Context) ([]alerts.TargetCount, error) {
	var rows []alerts.TargetCount
	err := db.conn(ctx).Raw(`SELECT story_id, claim_id, SUM(active) AS active, SUM(pending) AS pending FROM (
		SELECT COALESCE(s.story_id, c.story_id) AS story_id, COALESCE(s.claim_id, 0) AS claim_id,
			CASE WHEN s.confirmed_at IS NOT NULL AND s.ended_at IS NULL AND s.disabled_at IS NULL THEN 1 ELSE 0 END AS active,
			CASE WHEN s.confirmed_at IS NULL AND s.ended_at IS NULL AND s.disabled_at IS NULL
				AND s.confirm_expires_at > ? THEN 1 ELSE 0 END AS pending
		FROM subscriptions AS s LEFT JOIN claims AS c ON c.id = s.claim_id) AS t
		GROUP BY story_id, claim_id HAVING SUM(active) + SUM(pending) > 0
		ORDER BY story_id, claim_id`, db.nowUTC()).Scan(&rows).Error
	return rows, err
}
