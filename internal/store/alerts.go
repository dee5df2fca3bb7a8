package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
)

var _ alerts.Store = (*DB)(nil)

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

// outboxRow is a row of alert_outbox.
type outboxRow struct {
	ID             int64 `gorm:"primaryKey"`
	SubscriptionID *int64
	SubscriberID   *int64
	EventID        int64
	StoryID        int64
	ClaimID        int64
	Kind           string
	Digest         bool
	LeaseCols
	LastCode int
	SentAt   *time.Time
}

func (outboxRow) TableName() string { return "alert_outbox" }

func fromOutboxRow(r outboxRow) alerts.Alert {
	return alerts.Alert{
		ID: r.ID, SubscriptionID: r.SubscriptionID, SubscriberID: r.SubscriberID, EventID: r.EventID,
		StoryID: r.StoryID, ClaimID: r.ClaimID, Kind: alerts.Kind(r.Kind), Digest: r.Digest,
		State: alerts.State(r.State), Attempts: r.Attempts, NotBefore: utc(r.NotBefore), LeaseOwner: r.LeaseOwner,
		LeaseUntil: utcPtr(r.LeaseUntil), LastError: r.LastError, LastCode: r.LastCode,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt), SentAt: utcPtr(r.SentAt),
	}
}

func fromOutboxRows(rows []outboxRow) []alerts.Alert {
	return mapRows(rows, fromOutboxRow)
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
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return claims.Errorf(claims.ENOTFOUND, "subscriber %d not found", id)
		}
		return nil
	})
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
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return claims.Errorf(claims.ENOTFOUND, "subscription %d not found", id)
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

// queueInsert copies one outbox row per active subscription to a target
// into alert_outbox, skipping addresses that have a row for the event
// already: they follow both the story and the claim, or the call is
// repeated. Those addresses are read once, before inserting (a
// materialised CTE, probed as a hashed set): probing alert_outbox itself per
// row let PostgreSQL, on a table without statistics, rescan every row the
// same statement had just written — quadratic, 9–17 s for 10,000 rows
// (docs/performance.md, "Email alerts"). The unique index on (event_id,
// subscriber_id) still refuses a duplicate, which only a second
// transaction queuing the same event at the same moment could attempt
// (events are queued in the transaction that creates them), and then with
// an error rather than a lost row. NOT EXISTS rather than ON CONFLICT DO
// NOTHING, whose speculative insertion made the insert half as slow again.
const queueInsert = `WITH queued AS MATERIALIZED (
		SELECT subscriber_id FROM alert_outbox WHERE event_id = @event AND subscriber_id IS NOT NULL)
	INSERT INTO alert_outbox (subscription_id, subscriber_id, event_id, story_id, claim_id, kind,
	digest, state, attempts, not_before, lease_owner, last_error, last_code, created_at, updated_at)
	SELECT s.id, s.subscriber_id, @event, @story, @claim, @kind, @digest, 'queued', 0, @not_before, '', '', 0, @at, @at
	FROM subscriptions AS s
	WHERE s.%s AND s.confirmed_at IS NOT NULL AND s.ended_at IS NULL AND s.disabled_at IS NULL
	AND s.subscriber_id NOT IN (SELECT subscriber_id FROM queued)`

var (
	queueClaimInsert = fmt.Sprintf(queueInsert, "claim_id = @claim")
	queueStoryInsert = fmt.Sprintf(queueInsert, "story_id = @story")
)

// attemptsPlusOne counts a failed attempt in the row itself, so a stale
// read can never lose one.
var attemptsPlusOne = gorm.Expr("attempts + 1")

// QueueAlerts writes one status change's outbox rows in the caller's
// transaction: claim subscriptions first (sent at f.At, never digested),
// then story subscriptions of addresses without a row for the event yet
// (after the digest window, digested when there is one). A repeated call
// writes nothing more. It returns how many rows it wrote.
func (db *DB) QueueAlerts(ctx context.Context, f alerts.Fan) (int, error) {
	at := utc(f.At)
	args := map[string]any{"event": f.EventID, "story": f.StoryID, "claim": f.ClaimID, "kind": string(f.Kind),
		"digest": false, "not_before": at, "at": at}
	var n int64
	err := db.Tx(ctx, func(ctx context.Context) error {
		res := db.conn(ctx).Exec(queueClaimInsert, args)
		if res.Error != nil {
			return writeErr(res.Error, "the alert")
		}
		n = res.RowsAffected
		args["digest"], args["not_before"] = f.DigestWindow > 0, utc(at.Add(f.DigestWindow))
		res = db.conn(ctx).Exec(queueStoryInsert, args)
		if res.Error != nil {
			return writeErr(res.Error, "the alert")
		}
		n += res.RowsAffected
		return nil
	})
	return int(n), err
}

// LeaseAlerts leases to owner, until until, up to limit due rows (queued,
// not_before come, no live lease), oldest not_before first. On PostgreSQL
// FOR UPDATE SKIP LOCKED makes concurrent leasers pass over each other's
// rows instead of waiting; on SQLite the write transaction serialises them.
// Either way the update re-checks the lease, so no row goes to two owners.
func (db *DB) LeaseAlerts(ctx context.Context, owner string, now, until time.Time, limit int) ([]alerts.Alert, error) {
	rows, err := leaseOldest[outboxRow](ctx, db, "alert_outbox", owner, now, until, limit)
	return fromOutboxRows(rows), err
}

// LeaseDigest leases to owner every queued row of the subscription that no
// live lease holds, whatever its not_before: the rows a digest mail lists
// with a due one. Rows owner already holds are not returned again.
func (db *DB) LeaseDigest(ctx context.Context, subscriptionID int64, owner string, now, until time.Time) ([]alerts.Alert, error) {
	return db.leaseAlerts(ctx, `SELECT id FROM alert_outbox WHERE subscription_id = @sub AND `+leaseDue+`
		ORDER BY not_before, id`, map[string]any{"sub": subscriptionID}, owner, now, until)
}

// leaseAlerts sets owner's lease on the rows pick selects (named arguments: @now
// and those in args) and returns them by not_before, then id.
func (db *DB) leaseAlerts(ctx context.Context, pick string, args map[string]any, owner string, now, until time.Time) ([]alerts.Alert, error) {
	rows, err := leaseAndRead[outboxRow](ctx, db, "alert_outbox", pick, args, owner, now, until)
	if err != nil {
		return nil, err
	}
	return fromOutboxRows(rows), nil
}

// MarkSent marks the rows owner holds sent and returns how many it changed.
func (db *DB) MarkSent(ctx context.Context, ids []int64, owner string, now time.Time) (int, error) {
	now = utc(now)
	return db.settle(ctx, ids, owner, map[string]any{"state": alerts.StateSent, "sent_at": now, "updated_at": now})
}

// MarkRetry records a temporary failure of the rows owner holds: one more
// attempt, the error, and the next try at next. It returns how many rows it
// changed.
func (db *DB) MarkRetry(ctx context.Context, ids []int64, owner string, now, next time.Time, code int, msg string) (int, error) {
	return db.settle(ctx, ids, owner, map[string]any{"attempts": attemptsPlusOne, "not_before": utc(next),
		"last_code": code, "last_error": msg, "updated_at": utc(now)})
}

// MarkFailed records the final failure of the rows owner holds (one more
// attempt) and returns how many rows it changed.
func (db *DB) MarkFailed(ctx context.Context, ids []int64, owner string, now time.Time, code int, msg string) (int, error) {
	return db.settle(ctx, ids, owner, map[string]any{"state": alerts.StateFailed, "attempts": attemptsPlusOne,
		"last_code": code, "last_error": msg, "updated_at": utc(now)})
}

// MarkCancelled cancels the rows owner holds and returns how many it
// changed.
func (db *DB) MarkCancelled(ctx context.Context, ids []int64, owner string, now time.Time) (int, error) {
	return db.settle(ctx, ids, owner, map[string]any{"state": alerts.StateCancelled, "updated_at": utc(now)})
}

// settle applies set to the rows of ids that are queued and leased to
// owner, releasing the lease. An expired lease still counts as owner's
// until someone else takes the row: the work it did is not wasted.
func (db *DB) settle(ctx context.Context, ids []int64, owner string, set map[string]any) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	set["lease_owner"], set["lease_until"] = "", nil
	if st, ok := set["state"].(alerts.State); ok {
		set["state"] = string(st)
	}
	res := db.conn(ctx).Model(&outboxRow{}).
		Where("id IN ? AND state = ? AND lease_owner = ? AND lease_owner <> ''", ids, alerts.StateQueued, owner).
		Updates(set)
	return int(res.RowsAffected), res.Error
}

// OutboxCounts counts outbox rows in every state, zeros included, in the
// order queued, sent, failed, cancelled.
func (db *DB) OutboxCounts(ctx context.Context) ([]alerts.Count, error) {
	var rows []struct {
		State string
		N     int
	}
	if err := db.conn(ctx).Raw("SELECT state, COUNT(*) AS n FROM alert_outbox GROUP BY state").Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := []alerts.Count{{State: alerts.StateQueued}, {State: alerts.StateSent}, {State: alerts.StateFailed}, {State: alerts.StateCancelled}}
	for _, r := range rows {
		i := slices.IndexFunc(out, func(c alerts.Count) bool { return string(c.State) == r.State })
		if i < 0 {
			out = append(out, alerts.Count{State: alerts.State(r.State)})
			i = len(out) - 1
		}
		out[i].N = r.N
	}
	return out, nil
}

// RecentFailures returns up to limit failed rows and queued rows with a
// failed attempt, the most recently updated first.
func (db *DB) RecentFailures(ctx context.Context, limit int) ([]alerts.Alert, error) {
	var rows []outboxRow
	// attempts > 0 (true of every failed row) matches the partial index.
	err := db.conn(ctx).Where("attempts > 0 AND state IN ?", []string{string(alerts.StateFailed), string(alerts.StateQueued)}).
		Order("updated_at DESC, id DESC").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	return fromOutboxRows(rows), nil
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
