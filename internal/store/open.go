package store

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// sqliteParams are set on every SQLite connection. WAL lets readers run
// beside the writer; busy_timeout makes a second writer wait rather than fail
// (0 would fail at once with "database is locked"); _txlock=immediate takes
// the write lock at BEGIN, because a read transaction that later writes
// cannot wait for the lock and fails instead; synchronous=NORMAL is durable
// across application crashes in WAL mode and much faster than FULL.
var sqliteParams = url.Values{
	"_journal_mode": {"WAL"},
	"_foreign_keys": {"on"},
	"_busy_timeout": {"10000"},
	"_synchronous":  {"NORMAL"},
	"_txlock":       {"immediate"},
}

func openSQLite(path string, cfg *gorm.Config) (*gorm.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("store: no database path given")
	}
	// mattn/go-sqlite3 reads its settings after the first '?'.
	if strings.Contains(path, "?") || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("store: SQLite path %q: want a plain file path without '?' or a file: prefix", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("store: create the database directory: %w", err)
	}
	db, err := gorm.Open(sqlite.Open(path+"?"+sqliteParams.Encode()), cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open SQLite file %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(dsn string, cfg *gorm.Config) (*gorm.DB, *retryPool, error) {
	pcfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open PostgreSQL: %w", redact(err, dsn))
	}
	// Statements outside transactions survive a dead pooled connection;
	// see retryPool.
	pool := &retryPool{}
	pool.db = stdlib.OpenDB(*pcfg, stdlib.OptionShouldPing(pool.shouldPing))
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: pool}), cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("store: open PostgreSQL: %w", redact(err, dsn))
	}
	return db, pool, nil
}

// redact keeps a password in the DSN out of error messages and logs.
func redact(err error, dsn string) error {
	u, perr := url.Parse(dsn)
	if perr != nil || u.User == nil {
		return err
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		return fmt.Errorf("%s", strings.ReplaceAll(err.Error(), pw, "xxxxx"))
	}
	return err
}
