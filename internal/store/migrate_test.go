package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestMigrate_FreshDatabaseThenRerunIsNoOp(t *testing.T) {
	t.Parallel()
	for dialect, dsn := range storetest.UnmigratedDSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Dialect() != dialect {
				t.Errorf("Dialect() = %q, want %q", db.Dialect(), dialect)
			}
			if err := db.Ping(ctx); err == nil {
				t.Error("Ping succeeded on a database without migrations")
			}
			current, latest, err := db.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if current != 0 || latest < 1 {
				t.Fatalf("fresh database: status (%d, %d), want (0, >=1)", current, latest)
			}

			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("first Migrate: %v", err)
			}
			if err := db.Ping(ctx); err != nil {
				t.Fatalf("Ping after Migrate: %v", err)
			}
			after, _, err := db.MigrationStatus(ctx)
			if err != nil || after != latest {
				t.Fatalf("after Migrate: version %d (err %v), want %d", after, err, latest)
			}
			mustStory(t, db, "kept", true)

			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			again, _, err := db.MigrationStatus(ctx)
			if err != nil || again != latest {
				t.Fatalf("after second Migrate: version %d (err %v), want %d", again, err, latest)
			}
			if n, err := db.CountStories(ctx); err != nil || n != 1 {
				t.Fatalf("after second Migrate: %d stories (err %v), want the 1 written before", n, err)
			}
		})
	}
}

func TestOpen_CreatesTheSQLiteFilesDirectories(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "nested dir", "with #hash", "claimtrack.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if db.Dialect() != store.DialectSQLite {
		t.Errorf("Dialect() = %q, want sqlite", db.Dialect())
	}
}

func TestOpen_RejectsSQLitePathsWithQueryCharacters(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"", "data/x.db?mode=ro", "file:data/x.db"} {
		if db, err := store.Open(context.Background(), path, store.Options{}); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", path)
		}
	}
}
