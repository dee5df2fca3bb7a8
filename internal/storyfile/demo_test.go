package storyfile

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite testdata/demo.yaml from the demo story")

// The demo story's export is a seed of FuzzParse and the example in
// docs/import.md; this keeps the checked-in copy current.
func TestDemoExport_MatchesTheCheckedInCopy(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := demo.Load(ctx, db, claims.DefaultVocabulary()); err != nil {
		t.Fatal(err)
	}
	f, err := claims.NewService(db, claims.DefaultVocabulary(), nil).ExportStory(ctx, demo.Slug, false)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Format(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "demo.yaml")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("the demo story's export changed; run go test ./internal/storyfile -run TestDemoExport -update\n%s", got)
	}
}
