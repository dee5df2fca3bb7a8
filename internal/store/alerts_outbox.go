package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/claimtrack/claimtrack/internal/alerts"
)

var _ alerts.Store = (*DB)(nil)

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
