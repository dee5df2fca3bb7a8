package store

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	migrations "github.com/claimtrack/claimtrack/db"
)

// provider returns goose over this database's folder of migrations. goose
// records applied versions in goose_db_version, our schema-version table.
// With locked set, on PostgreSQL, migrations hold a session lock.
func (db *DB) provider(ctx context.Context, locked bool) (*goose.Provider, error) {
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	var p *goose.Provider
	var err error
	switch db.dialect {
	case DialectPostgres:
		if locked {
			locker, lerr := db.migrationLock(ctx)
			if lerr != nil {
				return nil, lerr
			}
			opts = append(opts, goose.WithSessionLocker(locker))
		}
		p, err = goose.NewProvider(goose.DialectPostgres, db.sql, migrations.Postgres(), opts...)
	default:
		p, err = goose.NewProvider(goose.DialectSQLite3, db.sql, migrations.SQLite(), opts...)
	}
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// Migrate applies the migrations not yet applied; running it again is a no-op.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.provider(ctx, true)
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		db.log.Info("applied migration", "dialect", db.dialect, "version", r.Source.Version, "took", r.Duration)
	}
	if err := db.hashLegacyLinkTokens(ctx); err != nil {
		return fmt.Errorf("store: hash link tokens: %w", err)
	}
	return nil
}

// MigrationStatus returns the schema version the database is at and the
// newest version this binary knows.
func (db *DB) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := db.provider(ctx, false)
	if err != nil {
		return 0, 0, err
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: migration status: %w", err)
	}
	return current, latest, nil
}

// migrationLock returns a PostgreSQL advisory lock that keeps instances
// starting together from migrating the same schema at once. Its id is
// derived from the database and schema, unlike goose's fixed default, so
// that migrating one schema never waits for another (tests migrate many
// schemas of one database in parallel).
func (db *DB) migrationLock(ctx context.Context) (lock.SessionLocker, error) {
	var scope string
	err := db.sql.QueryRowContext(ctx, "SELECT current_database() || '.' || COALESCE(current_schema(), '')").Scan(&scope)
	if err != nil {
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("claimtrack migrations " + scope))
	// Poll every second for up to five minutes.
	l, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64())), lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("store: migration lock: %w", err)
	}
	return l, nil
}
