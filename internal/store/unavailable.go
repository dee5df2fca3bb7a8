package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// What a client is told when the database cannot serve it. Each says
// whether the request may simply be sent again.
const (
	msgRefusing = "The database is refusing writes for now (its disk is full, or it is read-only); nothing was saved. Send the request again later."
	msgBusy     = "The database is busy; nothing was saved. Send the request again in a few seconds."
	msgLost     = "The connection to the database was lost; nothing was saved. Send the request again."
	msgUnknown  = "The connection to the database was lost while the change was being saved: it may or may not have been saved. Reload and check before sending it again."
)

// connLost reports whether err says the connection to PostgreSQL died or
// could not be made: SQLSTATE class 08, 57P01–57P03 (the server terminated
// the backend or is shutting down), or a transport failure.
func connLost(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) ||
		// pgx's own words for a connection it has closed after a failure.
		strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}

// notExecuted reports whether a statement that failed with err on a lost
// connection was certainly not carried out: nothing was sent, or the server
// aborted it while terminating the backend (which rolls its work back).
func notExecuted(err error) bool {
	if pgconn.SafeToRetry(err) {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03")
}

// unavailableMsg returns what to tell a client about err when it means the
// database cannot serve now, or "" when err is something else.
func unavailableMsg(err error) string {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull, sqlite3.ErrReadonly, sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
			return msgRefusing
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return msgBusy
		}
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100" || pe.Code == "25006": // disk full, read-only transaction
			return msgRefusing
		case strings.HasPrefix(pe.Code, "53"): // out of memory or connections: passing
			return msgBusy
		}
	}
	if connLost(err) {
		return msgLost
	}
	return ""
}

// unavailable wraps err in EUNAVAILABLE with msg; an error that already is
// one is returned as it is.
func unavailable(err error, msg string) error {
	if claims.ErrorCode(err) == claims.EUNAVAILABLE {
		return err
	}
	return &claims.Error{Code: claims.EUNAVAILABLE, Message: msg, Err: err}
}

// asUnavailable turns err into EUNAVAILABLE when it means the database
// cannot serve now, and returns it unchanged otherwise.
func asUnavailable(err error) error {
	if err == nil || claims.ErrorCode(err) != claims.EINTERNAL {
		return err
	}
	if msg := unavailableMsg(err); msg != "" {
		return unavailable(err, msg)
	}
	return err
}

// registerUnavailable makes every statement's error EUNAVAILABLE when it
// means the database cannot serve now, so that callers and the web layer
// answer 503 with a message instead of a bare 500.
func registerUnavailable(g *gorm.DB) error {
	conv := func(tx *gorm.DB) {
		if tx.Error != nil {
			tx.Error = asUnavailable(tx.Error)
		}
	}
	cb := g.Callback()
	const name = "claimtrack:unavailable"
	return errors.Join(
		cb.Create().Register(name, conv), cb.Query().Register(name, conv), cb.Update().Register(name, conv),
		cb.Delete().Register(name, conv), cb.Row().Register(name, conv), cb.Raw().Register(name, conv))
}

// retryPool is the PostgreSQL connection pool gorm uses outside
// transactions, and for their BEGIN. A statement that fails because its
// pooled connection had died (the server terminated the backend while it
// sat idle) is sent again on another connection, after the idle ones, likely
// dead too, are dropped: reads and BEGIN always, writes only when they were
// certainly not carried out. Connections that were in use when the backends
// died come back to the pool one by one, so it tries up to retryLost times.
type retryPool struct {
	db *sql.DB
	// lost is when a lost connection was last seen (Unix nanoseconds).
	lost atomic.Int64
}

// suspectFor is how long after a lost connection every connection taken
// from the pool is pinged first: the backends terminated together die one
// by one, and their connections come back to the pool one by one.
const suspectFor = 5 * time.Second

// shouldPing is the pool's check before it hands out a connection: pgx's
// own (idle for over a second), and every one while connections are
// suspect.
func (p *retryPool) shouldPing(_ context.Context, sp stdlib.ShouldPingParams) bool {
	return sp.IdleDuration > time.Second || time.Since(time.Unix(0, p.lost.Load())) < suspectFor
}

// noteLost drops the idle connections and makes the others suspect.
func (p *retryPool) noteLost() {
	p.lost.Store(time.Now().UnixNano())
	p.db.SetMaxIdleConns(0)
	p.db.SetMaxIdleConns(maxIdleConns)
}

// retryLost is how many times a statement that certainly did nothing is
// sent again while its connections turn out dead.
const retryLost = maxIdleConns + 2

// again runs do until it succeeds, fails for another reason than a lost
// connection, fails in a way that may have done something (safe false), or
// has run retryLost+1 times.
func (p *retryPool) again(ctx context.Context, do func() error, safe func(error) bool) error {
	err := do()
	for range retryLost {
		if !connLost(err) || ctx.Err() != nil || !safe(err) {
			return err
		}
		p.noteLost()
		err = do()
	}
	return err
}

func always(error) bool { return true }

// PrepareContext implements gorm.ConnPool.
func (p *retryPool) PrepareContext(ctx context.Context, query string) (st *sql.Stmt, err error) {
	err = p.again(ctx, func() (err error) { st, err = p.db.PrepareContext(ctx, query); return err }, always)
	return st, err
}

// ExecContext implements gorm.ConnPool.
func (p *retryPool) ExecContext(ctx context.Context, query string, args ...any) (res sql.Result, err error) {
	err = p.again(ctx, func() (err error) { res, err = p.db.ExecContext(ctx, query, args...); return err }, notExecuted)
	return res, err
}

// QueryContext implements gorm.ConnPool.
func (p *retryPool) QueryContext(ctx context.Context, query string, args ...any) (rows *sql.Rows, err error) {
	err = p.again(ctx, func() (err error) { rows, err = p.db.QueryContext(ctx, query, args...); return err }, always)
	return rows, err
}

// QueryRowContext implements gorm.ConnPool.
func (p *retryPool) QueryRowContext(ctx context.Context, query string, args ...any) (row *sql.Row) {
	_ = p.again(ctx, func() error { row = p.db.QueryRowContext(ctx, query, args...); return row.Err() }, always)
	return row
}

// BeginTx implements gorm.TxBeginner: a BEGIN that fails on a dead
// connection has done nothing and is sent again on another.
func (p *retryPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (tx *sql.Tx, err error) {
	err = p.again(ctx, func() (err error) { tx, err = p.db.BeginTx(ctx, opts); return err }, always)
	return tx, err
}

// GetDBConn implements gorm.GetDBConnector, for DB.DB().
func (p *retryPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// Ping implements the pinger gorm looks for.
func (p *retryPool) Ping() error { return p.db.Ping() }

// ProbeWrite commits one tiny write (the time, in write_probe's one row), so
// that readiness can tell whether writes work; it returns EUNAVAILABLE when
// they do not. On SQLite it first compares the file with its page limit
// (max_page_count): a file at its limit refuses every write that needs a
// new page, though this one, rewriting a page it has, would pass.
func (db *DB) ProbeWrite(ctx context.Context) error {
	if db.dialect == DialectSQLite {
		var pages, limit, free int64
		for q, v := range map[string]*int64{"PRAGMA page_count": &pages, "PRAGMA max_page_count": &limit, "PRAGMA freelist_count": &free} {
			if err := db.sql.QueryRowContext(ctx, q).Scan(v); err != nil {
				return asUnavailable(err)
			}
		}
		if pages >= limit && free == 0 {
			return unavailable(fmt.Errorf("store: the database file has reached its limit of %d pages", limit), msgRefusing)
		}
	}
	return db.Tx(ctx, func(ctx context.Context) error {
		return db.conn(ctx).Exec("INSERT INTO write_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at", db.nowUTC()).Error
	})
}

// LimitPages caps a SQLite database at its current size plus extra pages
// (PRAGMA max_page_count), so that writes needing more fail as on a full
// disk; a negative extra lifts the cap. The pragma holds per connection, so
// while capped the pool keeps one connection. For tests of a full disk; on
// PostgreSQL it does nothing.
func (db *DB) LimitPages(ctx context.Context, extra int64) error {
	if db.dialect != DialectSQLite {
		return nil
	}
	limit := int64(1 << 30) // SQLite's default maximum
	if extra >= 0 {
		db.sql.SetMaxOpenConns(1)
		if err := db.sql.QueryRowContext(ctx, "PRAGMA page_count").Scan(&limit); err != nil {
			return err
		}
		limit += extra
	}
	if _, err := db.sql.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", limit)); err != nil {
		return err
	}
	if extra < 0 {
		db.sql.SetMaxOpenConns(0)
		db.sql.SetMaxIdleConns(maxIdleConns)
	}
	return nil
}

// quietUnavailable is gorm's logger without the statements that failed
// because the database cannot serve now: the error goes back to the caller
// as EUNAVAILABLE, which reports it once per interval with a count, instead
// of one line per statement while a disk is full.
type quietUnavailable struct{ logger.Interface }

// LogMode implements logger.Interface.
func (q quietUnavailable) LogMode(l logger.LogLevel) logger.Interface {
	return quietUnavailable{q.Interface.LogMode(l)}
}

// Trace implements logger.Interface.
func (q quietUnavailable) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if err != nil && unavailableMsg(err) != "" {
		return
	}
	q.Interface.Trace(ctx, begin, fc, err)
}
