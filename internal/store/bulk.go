package store

import (
	"context"
	"time"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/claims"
)

// The Insert… methods below write many rows in a few statements, for
// filling large databases (claimtrack-bench scale). The caller builds the
// rows the one-by-one writers would: no rule of the service runs, no hook
// fires and no listener hears of it. Each sets the ids it was given.

// bulkRows is how many rows one INSERT carries: far below both databases'
// limit on bound parameters for the widest of these rows.
const bulkRows = 500

func insertRows[D, R any](ctx context.Context, db *DB, items []D, toRow func(*D) (R, error), id func(*R) int64, setID func(*D, int64)) error {
	if len(items) == 0 {
		return nil
	}
	rows := make([]R, len(items))
	for i := range items {
		r, err := toRow(&items[i])
		if err != nil {
			return err
		}
		rows[i] = r
	}
	if err := db.conn(ctx).CreateInBatches(rows, bulkRows).Error; err != nil {
		return writeErr(err, "the rows")
	}
	for i := range rows {
		setID(&items[i], id(&rows[i]))
	}
	return nil
}

// InsertStories writes stories as CreateStory does, but with the version
// and revision they carry (at least 1): a story's revision counts the
// writes it has seen.
func (db *DB) InsertStories(ctx context.Context, ss []claims.Story) error {
	return insertRows(ctx, db, ss, func(s *claims.Story) (storyRow, error) {
		s.CreatedAt, s.UpdatedAt = db.orNow(s.CreatedAt), db.orNow(s.UpdatedAt)
		s.Version, s.Revision = max(s.Version, 1), max(s.Revision, 1)
		r, err := toStoryRow(s)
		r.ID = 0
		return r, err
	}, func(r *storyRow) int64 { return r.ID }, func(s *claims.Story, id int64) { s.ID = id })
}

// InsertClaims writes claims as CreateClaim does, at the positions they
// carry.
func (db *DB) InsertClaims(ctx context.Context, cs []claims.Claim) error {
	return insertRows(ctx, db, cs, func(c *claims.Claim) (claimRow, error) {
		c.CreatedAt, c.UpdatedAt, c.Version = db.orNow(c.CreatedAt), db.orNow(c.UpdatedAt), max(c.Version, 1)
		r := claimRow{utcClaim(*c)}
		r.ID = 0
		return r, nil
	}, func(r *claimRow) int64 { return r.ID }, func(c *claims.Claim, id int64) { c.ID = id })
}

// InsertSources writes sources as CreateSource does.
func (db *DB) InsertSources(ctx context.Context, ss []claims.Source) error {
	return insertRows(ctx, db, ss, func(s *claims.Source) (sourceRow, error) {
		s.CreatedAt = db.orNow(s.CreatedAt)
		if s.State == "" {
			s.State = claims.SourceUnchecked
		}
		s.LastCheckedAt = utcPtr(s.LastCheckedAt)
		r := sourceRow{*s}
		r.ID = 0
		return r, nil
	}, func(r *sourceRow) int64 { return r.ID }, func(s *claims.Source, id int64) { s.ID = id })
}

// SourceLink is one link of a source to a claim, for InsertLinks.
type SourceLink struct {
	ClaimID, SourceID int64
	Stance            claims.Stance
	At                time.Time
}

// linkRow is a row of claim_sources as LinkSource writes it.
type linkRow struct {
	ClaimID  int64
	SourceID int64
	Stance   string
	LinkedAt time.Time
}

func (linkRow) TableName() string { return "claim_sources" }

// InsertLinks links sources to claims as LinkSource does a new pair.
func (db *DB) InsertLinks(ctx context.Context, ls []SourceLink) error {
	rows := make([]linkRow, len(ls))
	for i, l := range ls {
		rows[i] = linkRow{ClaimID: l.ClaimID, SourceID: l.SourceID, Stance: string(l.Stance), LinkedAt: db.orNow(l.At)}
	}
	if len(rows) == 0 {
		return nil
	}
	return writeErr(db.conn(ctx).CreateInBatches(rows, bulkRows).Error, "the links")
}

// InsertEvents appends events as AppendEvent does, in their order.
func (db *DB) InsertEvents(ctx context.Context, es []claims.Event) error {
	return insertRows(ctx, db, es, func(e *claims.Event) (eventRow, error) {
		e.At = db.orNow(e.At)
		r := toEventRow(e)
		r.ID = 0
		return r, nil
	}, func(r *eventRow) int64 { return r.ID }, func(e *claims.Event, id int64) { e.ID = id })
}

// InsertSubscribers writes addresses as CreateSubscriber does.
func (db *DB) InsertSubscribers(ctx context.Context, ss []alerts.Subscriber) error {
	return insertRows(ctx, db, ss, func(s *alerts.Subscriber) (subscriberRow, error) {
		s.CreatedAt = db.orNow(s.CreatedAt)
		return subscriberRow{Email: s.Email, ManageHash: s.ManageHash, CreatedAt: s.CreatedAt}, nil
	}, func(r *subscriberRow) int64 { return r.ID }, func(s *alerts.Subscriber, id int64) { s.ID = id })
}

// InsertSubscriptions writes subscriptions as CreateSubscription does.
func (db *DB) InsertSubscriptions(ctx context.Context, ss []alerts.Subscription) error {
	for _, s := range ss {
		if (s.StoryID == nil) == (s.ClaimID == nil) {
			return claims.Invalid("target", "a subscription follows either a story or a claim")
		}
	}
	return insertRows(ctx, db, ss, func(s *alerts.Subscription) (subscriptionRow, error) {
		s.CreatedAt = db.orNow(s.CreatedAt)
		r := toSubscriptionRow(s)
		r.ID = 0
		return r, nil
	}, func(r *subscriptionRow) int64 { return r.ID }, func(s *alerts.Subscription, id int64) { s.ID = id })
}

// AddStoryRevisions bumps a story's revision n times at once, as n writes
// to it would, and tells the other instances as one would.
func (db *DB) AddStoryRevisions(ctx context.Context, storyID int64, n int) error {
	_, err := db.addStoryRevisions(ctx, claims.WholeStory(storyID), n)
	return err
}
