package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"time"
)

// StartLock serialises the start-up of instances sharing one database:
// migrating, loading the demo story and issuing the first-admin setup link
// each happen once when several instances start at the same moment.
//
// On PostgreSQL it takes a session-level advisory lock on a connection of
// its own, waiting (until ctx ends) while another instance holds it; the
// lock goes with the session, so an instance that dies while starting
// releases it. Its id is derived from the database and schema, so
// unrelated schemas of one server never wait for each other. On SQLite it
// does nothing: one process serves one SQLite file.
//
// Call unlock once start-up is done; it is safe to call more than once.
func (db *DB) StartLock(ctx context.Context) (unlock func(), err error) {
	if db.dialect != DialectPostgres {
		return func() {}, nil
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: start lock: %w", err)
	}
	id, err := lockID(ctx, conn, "claimtrack start")
	if err == nil {
		err = acquire(ctx, conn, id, db)
	}
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("store: start lock: %w", err)
	}
	done := false
	return func() {
		if done {
			return
		}
		done = true
		// A fresh context: unlocking must happen even when the start-up
		// context was cancelled; closing the session would release it too.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", id); err != nil {
			db.log.Warn("releasing the start lock failed; closing its session releases it", "error", err)
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // drop the session, never pool it
		}
		_ = conn.Close()
	}, nil
}

// acquire takes the advisory lock id on conn, saying so when it has to
// wait for another instance.
func acquire(ctx context.Context, conn *sql.Conn, id int64, db *DB) error {
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", id).Scan(&got); err != nil {
		return err
	}
	if got {
		return nil
	}
	db.log.Info("another instance is starting on this database; waiting for it to finish")
	_, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", id)
	return err
}

// lockID derives a 64-bit advisory lock id from purpose and the database
// and schema conn is in.
func lockID(ctx context.Context, conn *sql.Conn, purpose string) (int64, error) {
	var scope string
	err := conn.QueryRowContext(ctx, "SELECT current_database() || '.' || COALESCE(current_schema(), '')").Scan(&scope)
	if err != nil {
		return 0, err
	}
	h := fnv.New64a()
	h.Write([]byte(purpose + " " + scope))
	return int64(h.Sum64()), nil
}

// SetupTokenPending reports whether an unexpired first-admin setup token
// exists. Under the start lock it tells an instance that another one has
// already issued the setup link, so that a cluster prints one link, not
// one per instance.
func (db *DB) SetupTokenPending(ctx context.Context, now time.Time) (pending bool, expires time.Time, err error) {
	var rows []setupTokenRow
	err = db.conn(ctx).Where("expires_at > ?", utc(now)).Order("expires_at DESC").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return false, time.Time{}, err
	}
	return true, rows[0].ExpiresAt, nil
}
