package db_test

import (
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/db"
)

// versions returns the migration versions in fsys, failing on files that are
// not named like goose migrations or lack an Up section.
func versions(t *testing.T, fsys fs.FS) []int64 {
	t.Helper()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, name := range names {
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseInt(prefix, 10, 64)
		if !ok || err != nil {
			t.Errorf("%s: name must be <version>_<description>.sql", name)
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), "-- +goose Up") {
			t.Errorf("%s has no -- +goose Up section", name)
		}
		out = append(out, v)
	}
	return out
}

func TestMigrations_BothDialectsHoldTheSameVersions(t *testing.T) {
	sqlite, postgres := versions(t, db.SQLite()), versions(t, db.Postgres())
	if len(sqlite) == 0 {
		t.Fatal("no SQLite migrations embedded")
	}
	if !slices.Equal(sqlite, postgres) {
		t.Fatalf("SQLite versions %v, PostgreSQL versions %v: every change needs both", sqlite, postgres)
	}
}
