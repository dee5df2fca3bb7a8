package store

import (
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"
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
	var plans []string
	err = db.gorm.Callback().Query().After("gorm:query").Register("test:plan", func(tx *gorm.DB) {
		var rows []struct{ Detail string }
		sql := tx.Statement.SQL.String()
		if err := db.gorm.Raw("EXPLAIN QUERY PLAN "+sql, tx.Statement.Vars...).Scan(&rows).Error; err != nil {
			t.Errorf("planning %s: %v", sql, err)
		}
		for _, r := range rows {
			plans = append(plans, sql+": "+r.Detail)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = db.SourceByURL(t.Context(), "https://example.org/a")
	if _, err := db.SourcesByAddress(t.Context(), []string{"https://example.org/a", "https://example.org/b"}); err != nil {
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
