// Package store implements the stores of the domain packages (claims, auth,
// alerts, webhooks) with gorm on SQLite or PostgreSQL: migrations, leases,
// LISTEN/NOTIFY, search indexes, and dump, restore and backup. It is the only
// package that knows gorm or SQL; row structs live here, apart from the
// domain types they convert to and from.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/logrepeat"
)

// Dialect names.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Options tunes Open. The zero value is ready to use.
type Options struct {
	// Logger receives migration progress and database errors; nil discards them.
	Logger *slog.Logger
	// Now is the clock for timestamps the store sets itself; nil is time.Now.
	Now func() time.Time
}

// DB is claimtrack's storage. It implements claims.Store.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect string
	log     *slog.Logger
	now     func() time.Time
	// writeTurn lets one SQLite write transaction of this process run at a
	// time. SQLite allows one writer anyway; without this queue the others
	// wait in its busy handler, which sleeps up to 100 ms between tries and
	// leaves the lock idle meanwhile (docs/performance.md, re-checker sweep).
	writeTurn chan struct{}
	// dsn is kept for connections of their own (LISTEN, see notify.go).
	dsn string
	// pg is PostgreSQL's pool, which survives lost connections; nil on
	// SQLite.
	pg *retryPool
	// repeats logs repeated failures once per interval with a count.
	repeats *logrepeat.Limiter
}

var _ claims.Store = (*DB)(nil)

// Open connects to the database dsn names: a postgres:// or postgresql://
// URL selects PostgreSQL, anything else is a SQLite file path (its directory
// is created). Open does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	db := &DB{log: opts.Logger, now: opts.Now, writeTurn: make(chan struct{}, 1), dsn: dsn}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	if db.now == nil {
		db.now = time.Now
	}
	db.repeats = logrepeat.New(db.log, 0)
	cfg := &gorm.Config{
		// Single statements are atomic already; Tx provides the rest.
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return utc(db.now()) },
		Logger: quietUnavailable{logger.NewSlogLogger(db.log, logger.Config{
			LogLevel:                  logger.Error,
			IgnoreRecordNotFoundError: true,
		})},
	}
	var err error
	if isPostgres(dsn) {
		db.dialect = DialectPostgres
		db.gorm, db.pg, err = openPostgres(dsn, cfg)
	} else {
		db.dialect = DialectSQLite
		db.gorm, err = openSQLite(dsn, cfg)
	}
	if err != nil {
		return nil, err
	}
	if db.sql, err = db.gorm.DB(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := db.sql.PingContext(ctx); err != nil {
		_ = db.sql.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", db.dialect, err)
	}
	// database/sql keeps 2 idle connections by default, so a sweep with 8
	// checks in flight opened a new PostgreSQL connection for most queries.
	db.sql.SetMaxIdleConns(maxIdleConns)
	if db.dialect == DialectPostgres {
		// Unbounded, a burst of requests opened a connection each, and
		// those past the server's max_connections (shared by every
		// instance and client) failed with 53300 and answered 503.
		// Bounded, they wait for a pooled connection instead.
		db.sql.SetMaxOpenConns(maxOpenPostgres)
	}
	if err := registerUnavailable(db.gorm); err != nil {
		_ = db.sql.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return db, nil
}

// maxIdleConns is how many connections the pool keeps open while unused.
const maxIdleConns = 16

// maxOpenPostgres bounds PostgreSQL's pool: a fifth of the server's default
// max_connections, which leaves room for other instances, and more than the
// two cores of a small server keep busy.
const maxOpenPostgres = 20

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Close closes the database connections.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers and that every migration is
// applied, so a half-migrated database never reports ready.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	current, latest, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if current != latest {
		return fmt.Errorf("store: database schema is at version %d, want %d: run the migrations", current, latest)
	}
	return nil
}

// txKey finds a DB's transaction in a context; it holds the DB so that a
// transaction of one database is never used for another.
type txKey struct{ db *DB }

// awaitWriteTurn waits for this process's SQLite write turn (at once on
// PostgreSQL); release gives it back.
func (db *DB) awaitWriteTurn(ctx context.Context) (release func(), err error) {
	if db.dialect != DialectSQLite {
		return func() {}, nil
	}
	select {
	case db.writeTurn <- struct{}{}:
		return func() { <-db.writeTurn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Tx runs fn in one write transaction; store methods called with fn's
// context run in it. A nested Tx joins the outer transaction. On SQLite the
// transaction takes the write lock at BEGIN (_txlock=immediate), so
// concurrent writers queue on busy_timeout instead of failing.
func (db *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{db}).(*gorm.DB); ok {
		return fn(ctx)
	}
	release, err := db.awaitWriteTurn(ctx)
	if err != nil {
		return err
	}
	defer release()
	err = db.tryTx(ctx, fn)
	if retry, ok := err.(beforeCommit); ok {
		// The connection died before COMMIT was sent, so nothing was
		// written: run the transaction once more on a fresh connection.
		db.noteLost()
		db.repeats.Log(slog.LevelWarn, "tx retry", "database connection lost in a transaction before its commit; running it again on a fresh connection", "error", retry.err.Error())
		err = db.tryTx(ctx, fn)
	}
	if b, ok := err.(beforeCommit); ok {
		return unavailable(b.err, msgLost)
	}
	return err
}

// noteLost tells PostgreSQL's pool that a connection was found dead.
func (db *DB) noteLost() {
	if db.pg != nil {
		db.pg.noteLost()
	}
}

// beforeCommit is the error of a transaction whose connection died before
// its COMMIT was sent: nothing of it was written, so it may run again.
type beforeCommit struct{ err error }

func (b beforeCommit) Error() string { return b.err.Error() }
func (b beforeCommit) Unwrap() error { return b.err }

// tryTx runs fn in one transaction. A lost connection before the commit
// comes back as beforeCommit; one during the commit leaves the outcome
// unknown and comes back as EUNAVAILABLE saying so, never to be retried.
func (db *DB) tryTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	tx := db.gorm.WithContext(ctx).Begin()
	if tx.Error != nil {
		if connLost(tx.Error) && ctx.Err() == nil {
			return beforeCommit{tx.Error}
		}
		return asUnavailable(tx.Error)
	}
	done := false
	defer func() {
		if !done { // fn failed or panicked
			tx.Rollback()
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{db}, tx)); err != nil {
		if connLost(err) && db.dialect == DialectPostgres && ctx.Err() == nil {
			return beforeCommit{err}
		}
		return err
	}
	done = true
	if err := tx.Commit().Error; err != nil {
		if connLost(err) {
			db.noteLost()
			return unavailable(err, msgUnknown)
		}
		return asUnavailable(err)
	}
	return nil
}

// conn returns the transaction carried by ctx, or the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{db}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// nowUTC is the store clock's time as both databases keep it.
func (db *DB) nowUTC() time.Time { return utc(db.now()) }

// utc puts t in UTC and truncates it to microseconds, the precision both
// databases store, so that what is written is what is read back.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}

// orNow returns t in UTC, or now when t is zero.
func (db *DB) orNow(t time.Time) time.Time {
	if t.IsZero() {
		return db.nowUTC()
	}
	return utc(t)
}

// notFound turns gorm's not-found into ENOTFOUND naming what was looked for.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return claims.Errorf(claims.ENOTFOUND, format, args...)
	}
	return err
}
