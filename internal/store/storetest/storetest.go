// Package storetest opens fresh, migrated stores for tests: a temporary
// SQLite file always, and a throwaway PostgreSQL schema when
// CLAIMTRACK_TEST_POSTGRES holds a DSN.
package storetest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store"
)

// Environment variables read by the helpers.
const (
	// EnvPostgres holds the PostgreSQL DSN to test against; empty skips.
	EnvPostgres = "CLAIMTRACK_TEST_POSTGRES"
	// EnvRequirePostgres set to 1 turns a missing EnvPostgres into a failure,
	// so CI cannot pass with the PostgreSQL runs silently skipped.
	EnvRequirePostgres = "CLAIMTRACK_REQUIRE_POSTGRES"
)

// Each runs fn as subtest "sqlite" on a fresh SQLite file and as subtest
// "postgres" on a fresh PostgreSQL schema (skipped when EnvPostgres is
// empty), each store migrated and closed when the subtest ends.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run(store.DialectSQLite, func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run(store.DialectPostgres, func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated store on a new SQLite file in t's temporary
// directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, _ := openMigrated(t, filepath.Join(t.TempDir(), "claimtrack.db"))
	return db
}

// Postgres returns a migrated store on a new schema of the database that
// EnvPostgres names. It skips the test when EnvPostgres is empty (fails when
// EnvRequirePostgres is 1).
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, _ := openMigrated(t, freshSchema(t, postgresBase(t)))
	return db
}

// SQLiteDSN returns the path of a new, migrated SQLite file, for tests that
// open the same database more than once.
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "claimtrack.db")
	_, closeDB := openMigrated(t, dsn)
	closeDB()
	return dsn
}

// PostgresDSN returns a DSN whose search_path is a new, migrated schema
// dropped when the test ends, for tests that open the same database more
// than once. It skips like Postgres.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := freshSchema(t, postgresBase(t))
	_, closeDB := openMigrated(t, dsn)
	closeDB()
	return dsn
}

// DSNs returns the DSN of a new, migrated database per dialect under test:
// always "sqlite", and "postgres" when EnvPostgres is set (or required).
func DSNs(t testing.TB) map[string]string {
	t.Helper()
	m := map[string]string{store.DialectSQLite: SQLiteDSN(t)}
	if os.Getenv(EnvPostgres) != "" || os.Getenv(EnvRequirePostgres) == "1" {
		m[store.DialectPostgres] = PostgresDSN(t)
	}
	return m
}

// UnmigratedDSNs is like DSNs but leaves the databases empty, for tests of
// migrating itself.
func UnmigratedDSNs(t testing.TB) map[string]string {
	t.Helper()
	m := map[string]string{store.DialectSQLite: filepath.Join(t.TempDir(), "claimtrack.db")}
	if os.Getenv(EnvPostgres) != "" || os.Getenv(EnvRequirePostgres) == "1" {
		m[store.DialectPostgres] = freshSchema(t, postgresBase(t))
	}
	return m
}

// postgresBase returns EnvPostgres, skipping or failing t when it is empty.
func postgresBase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv(EnvRequirePostgres) == "1" {
			t.Fatalf("%s=1 but %s is empty", EnvRequirePostgres, EnvPostgres)
		}
		t.Skipf("%s is not set", EnvPostgres)
	}
	return base
}

// openMigrated opens dsn and migrates it. The store is closed when the test
// ends, or earlier by the returned function.
func openMigrated(t testing.TB, dsn string) (*store.DB, func()) {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	var once sync.Once
	closeDB := func() {
		once.Do(func() {
			if err := db.Close(); err != nil {
				t.Errorf("close store: %v", err)
			}
		})
	}
	t.Cleanup(closeDB)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db, closeDB
}
