package store

import (
	"context"
	"fmt"
)

// maxReadersSQLite bounds SQLite's pool of connections outside write
// transactions. Each query holds an OS thread in C while it runs; unbounded,
// hundreds of requests ran as many at once on two cores, and the one
// transaction holding SQLite's write lock got a hundredth of the CPU while
// every other write queued behind it.
const maxReadersSQLite = 8

// openWriter gives SQLite's write transactions a handle of their own with
// one connection, which SQLite's single writer lock would allow alone
// anyway: a transaction that got its write turn then never waits for a
// connection among the readers, and the readers' pool can be bounded.
func (db *DB) openWriter(ctx context.Context, path string) error {
	w, err := openSQLite(path, db.gormConfig())
	if err != nil {
		return err
	}
	wsql, err := w.DB()
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	wsql.SetMaxOpenConns(1)
	wsql.SetMaxIdleConns(1)
	if err := wsql.PingContext(ctx); err != nil {
		_ = wsql.Close()
		return fmt.Errorf("store: connect to sqlite: %w", err)
	}
	if err := registerUnavailable(w); err != nil {
		_ = wsql.Close()
		return fmt.Errorf("store: %w", err)
	}
	db.writer = w
	db.sql.SetMaxOpenConns(maxReadersSQLite)
	return nil
}

// closeWriter closes the writer's own connection, if it has one.
func (db *DB) closeWriter() error {
	if db.writer == nil || db.writer == db.gorm {
		return nil
	}
	wsql, err := db.writer.DB()
	if err != nil {
		return err
	}
	return wsql.Close()
}
