package store

import (
	"context"
	"time"
)

// leaseDue is the condition of an outbox row free to lease: queued, with
// no live lease.
const leaseDue = `state = 'queued' AND (lease_until IS NULL OR lease_until <= @now)`

// LeaseCols (exported only because gorm skips unexported embedded
// structs) are the columns every outbox table (alert_outbox,
// webhook_deliveries, mail_outbox) shares: where a row stands, how often it
// was tried, and who holds it until when. gorm maps the embedded fields to
// the same columns as if they were declared in each row.
type LeaseCols struct {
	State      string
	Attempts   int
	NotBefore  time.Time
	LeaseOwner string
	LeaseUntil *time.Time
	LastError  string
	CreatedAt  time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt  time.Time `gorm:"autoUpdateTime:false"`
}

// leaseTx runs fn, which leases rows that pick selects (see leaseRows), in
// a write transaction, but only when a read finds such a row. The workers
// are woken by every committed write and most often find nothing due; the
// read answers that without taking SQLite's one writer's lock (or, on
// PostgreSQL, a transaction) from the writes that woke them.
func (db *DB) leaseTx(ctx context.Context, pick string, args map[string]any, now time.Time, fn func(ctx context.Context) error) error {
	probe := map[string]any{"now": utc(now)}
	for k, v := range args {
		probe[k] = v
	}
	var due []int64
	if err := db.conn(ctx).Raw(`SELECT id FROM (`+pick+`) AS due LIMIT 1`, probe).Scan(&due).Error; err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	return db.Tx(ctx, fn)
}

// leaseRows sets owner's lease, until until, on the rows of table that pick
// selects (a SELECT of ids using @now and the named args) and that are
// still free, and returns their ids. Call it inside a transaction. On
// PostgreSQL FOR UPDATE SKIP LOCKED makes concurrent leasers pass over each
// other's rows instead of waiting; on SQLite the write transaction
// serialises them. Either way the update re-checks the lease, so no row
// goes to two owners.
func (db *DB) leaseRows(ctx context.Context, table, pick string, args map[string]any, owner string, now, until time.Time) ([]int64, error) {
	if db.dialect == DialectPostgres {
		pick += " FOR UPDATE SKIP LOCKED"
	}
	args["now"], args["owner"], args["until"] = utc(now), owner, utc(until)
	var ids []int64
	// The pick is a materialised CTE: as a plain IN subquery PostgreSQL
	// may rescan it and, skipping the rows it has just locked itself,
	// lease more than the limit.
	err := db.conn(ctx).Raw(`WITH picked AS MATERIALIZED (`+pick+`)
		UPDATE `+table+` SET lease_owner = @owner, lease_until = @until
		WHERE id IN (SELECT id FROM picked) AND `+leaseDue+` RETURNING id`, args).Scan(&ids).Error
	return ids, err
}

// OutboxBacklog is one outbox's waiting rows.
type OutboxBacklog struct {
	// Table is "alert_outbox", "webhook_deliveries" or "mail_outbox".
	Table  string
	Queued int
	// Oldest is when the oldest waiting row was queued (zero when none).
	Oldest time.Time
}

// OutboxBacklogs reads how many rows each outbox has waiting and since
// when, for /metrics.
func (db *DB) OutboxBacklogs(ctx context.Context) ([]OutboxBacklog, error) {
	var out []OutboxBacklog
	for _, table := range []string{"alert_outbox", "webhook_deliveries", "mail_outbox"} {
		b := OutboxBacklog{Table: table}
		if err := db.conn(ctx).Raw(`SELECT COUNT(*) FROM ` + table + ` WHERE state = 'queued'`).Scan(&b.Queued).Error; err != nil {
			return nil, err
		}
		// Not MIN(created_at): SQLite gives an aggregate no declared type,
		// so the driver would hand back text instead of a time.
		var oldest []time.Time
		err := db.conn(ctx).Raw(`SELECT created_at FROM ` + table + ` WHERE state = 'queued' ORDER BY created_at LIMIT 1`).Scan(&oldest).Error
		if err != nil {
			return nil, err
		}
		if len(oldest) == 1 {
			b.Oldest = utc(oldest[0])
		}
		out = append(out, b)
	}
	return out, nil
}

// leaseOldest leases to owner, until until, up to limit due rows of an
// outbox table, oldest not_before first (see leaseAndRead).
func leaseOldest[R any](ctx context.Context, db *DB, table, owner string, now, until time.Time, limit int) ([]R, error) {
	if limit <= 0 {
		return nil, nil
	}
	pick := `SELECT id FROM ` + table + ` WHERE ` + leaseDue + ` AND not_before <= @now ORDER BY not_before, id LIMIT @limit`
	return leaseAndRead[R](ctx, db, table, pick, map[string]any{"limit": limit}, owner, now, until)
}

// leaseAndRead leases to owner the rows of table that pick selects (see
// leaseTx and leaseRows) and reads them back by not_before, then id. It
// reads them back rather than RETURNING every column: SQLite's RETURNING
// gives no declared types, so its timestamps would come back as text.
func leaseAndRead[R any](ctx context.Context, db *DB, table, pick string, args map[string]any, owner string, now, until time.Time) ([]R, error) {
	var rows []R
	err := db.leaseTx(ctx, pick, args, now, func(ctx context.Context) error {
		ids, err := db.leaseRows(ctx, table, pick, args, owner, now, until)
		if err != nil || len(ids) == 0 {
			return err
		}
		return db.conn(ctx).Where("id IN ?", ids).Order("not_before, id").Find(&rows).Error
	})
	return rows, err
}
