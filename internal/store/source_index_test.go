package store

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceLookups_UseTheIndexes keeps looking a source up by its address
// (linking a source, importing, the lookup box) from reading every source
// and every check: each statement the lookups send is planned on SQLite,
// which can use a partial index only when the query itself rules out what
// the index leaves out.
func TestSourceLookups_UseTheIndexes(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "claimtrack.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	plans, err := PlanReads(t.Context(), db, func() error {
		_, _ = db.SourceByURL(t.Context(), "https://example.org/a")
		_, err := db.SourcesByAddress(t.Context(), []string{"https://example.org/a", "https://example.org/b"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) == 0 {
		t.Fatal("no statement was planned")
	}
	for _, p := range plans {
		if strings.Contains(p, "SCAN sources") || strings.Contains(p, "SCAN source_checks") {
			t.Errorf("reads every row: %s", p)
		}
	}
}
