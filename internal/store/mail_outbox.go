package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/outbox"
	"github.com/claimtrack/claimtrack/internal/txmail"
)

var (
	_ txmail.Store  = (*DB)(nil)
	_ txmail.Queuer = (*DB)(nil)
)

// mailRow is a row of mail_outbox.
type mailRow struct {
	ID             int64 `gorm:"primaryKey"`
	Kind           string
	SubscriptionID *int64
	UserID         *int64
	WaitSeconds    int
	LeaseCols
	SentAt *time.Time
}

func (mailRow) TableName() string { return "mail_outbox" }

func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func fromMailRow(r mailRow) txmail.Mail {
	m := txmail.Mail{ID: r.ID, Kind: txmail.Kind(r.Kind), Wait: time.Duration(r.WaitSeconds) * time.Second,
		State: outbox.State(r.State), Attempts: r.Attempts, NotBefore: utc(r.NotBefore), CreatedAt: utc(r.CreatedAt),
		LastError: r.LastError}
	if r.SubscriptionID != nil {
		m.SubscriptionID = *r.SubscriptionID
	}
	if r.UserID != nil {
		m.UserID = *r.UserID
	}
	return m
}

// QueueMail writes m, queued and due at its CreatedAt, in the caller's
// transaction, and sets m.ID.
func (db *DB) QueueMail(ctx context.Context, m *txmail.Mail) error {
	at := utc(m.CreatedAt)
	r := mailRow{Kind: string(m.Kind), SubscriptionID: optionalID(m.SubscriptionID), UserID: optionalID(m.UserID),
		WaitSeconds: int(m.Wait / time.Second),
		LeaseCols:   LeaseCols{State: string(outbox.StateQueued), NotBefore: at, CreatedAt: at, UpdatedAt: at}}
	if err := db.insert(ctx, &r, &r.ID, &m.ID, "the mail"); err != nil {
		return err
	}
	m.State, m.NotBefore = outbox.StateQueued, at
	return nil
}

// LeaseMails leases to owner, until until, up to limit due rows, oldest
// not_before first; see leaseRows for why no row goes to two owners.
func (db *DB) LeaseMails(ctx context.Context, owner string, now, until time.Time, limit int) ([]txmail.Mail, error) {
	rows, err := leaseOldest[mailRow](ctx, db, "mail_outbox", owner, now, until, limit)
	if err != nil {
		return nil, err
	}
	return mapRows(rows, fromMailRow), nil
}

// SettleMail records an attempt's outcome on a row owner holds (queued and
// leased to owner, whether or not the lease has run out) and releases the
// lease.
func (db *DB) SettleMail(ctx context.Context, id int64, owner string, o txmail.Outcome) (bool, error) {
	at := utc(o.At)
	set := map[string]any{"state": string(o.State), "last_error": o.Error, "updated_at": at,
		"lease_owner": "", "lease_until": nil}
	if o.Attempted {
		set["attempts"] = attemptsPlusOne
	}
	switch o.State {
	case outbox.StateSent:
		set["sent_at"] = at
	case outbox.StateQueued:
		set["not_before"] = utc(o.NotBefore)
	}
	res := db.conn(ctx).Model(&mailRow{}).
		Where("id = ? AND state = ? AND lease_owner = ? AND lease_owner <> ''", id, outbox.StateQueued, owner).
		Updates(set)
	return res.RowsAffected == 1, res.Error
}

// Mails returns the outbox's rows, oldest first, for tests and the admin.
func (db *DB) Mails(ctx context.Context) ([]txmail.Mail, error) {
	return findRows(db.conn(ctx).Order("id"), fromMailRow)
}
