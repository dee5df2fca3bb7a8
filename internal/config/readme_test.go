package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's settings table from the registry")

const (
	tableStart = "<!-- settings:start -->"
	tableEnd   = "<!-- settings:end -->"
)

// TestREADME_SettingsTableMatchesTheRegistry keeps the README's table in step
// with the registry. `go test ./internal/config -run README -update` rewrites it.
func TestREADME_SettingsTableMatchesTheRegistry(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	want := MarkdownTable()
	if err != nil {
		t.Fatalf("read README.md: %v\nIt should contain, between %s and %s:\n\n%s", err, tableStart, tableEnd, want)
	}
	text := string(readme)
	start, end := strings.Index(text, tableStart), strings.Index(text, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the markers %s and %s; put this table between them:\n\n%s", tableStart, tableEnd, want)
	}
	got := strings.TrimSpace(text[start+len(tableStart) : end])
	if got == strings.TrimSpace(want) {
		return
	}
	if *update {
		text = text[:start+len(tableStart)] + "\n" + want + text[end:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's settings table differs from the registry; run `go test ./internal/config -run README -update` "+
		"or paste the output of `go run ./cmd/claimtrack settings-table` between the markers:\n\n%s", want)
}
