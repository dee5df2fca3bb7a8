package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/storyfile"
)

const bridgeStory = `title: Bridge closure
slug: bridge-closure
published: true
sources:
  - {ref: council, outlet: City Council, kind: official, url: "https://council.example.gov/bridge"}
  - {ref: paper, outlet: The Gazette, kind: independent, title: Print edition}
claims:
  - text: The bridge will close for six months.
    status: investigating
    sources:
      - {source: council, stance: supports}
      - {source: paper, stance: context}
    evidence:
      - {summary: The council's notice gives a six-month window., stance: supports, source: council}
`

// exportOf reads a story back through the real store, as the editors'
// export gives it.
func exportOf(t *testing.T, dsn, slug string) string {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, err := claims.NewService(db, claims.DefaultVocabulary(), nil).ExportStory(ctx, slug, false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := storyfile.Format(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportCommand_CreatesThenFindsNothingToChange(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		file := writeFile(t, "bridge.yaml", bridgeStory)
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_LOG_LEVEL": "warn"}
		out, errOut, err := runCommand(t, env, "import", file)
		if err != nil {
			t.Fatalf("import: %v\n%s%s", err, out, errOut)
		}
		for _, want := range []string{file + `: created story "bridge-closure"`, "line 2: created story", "added claim", "line 11: linked source \"council\""} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		exported := exportOf(t, dsn, "bridge-closure")
		again := writeFile(t, "again.yaml", exported)
		out, errOut, err = runCommand(t, env, "import", again)
		if err != nil || !strings.Contains(out, "nothing changed") {
			t.Errorf("importing the export: %v\n%s%s", err, out, errOut)
		}
		if now := exportOf(t, dsn, "bridge-closure"); now != exported {
			t.Errorf("the export changed:\n%s\n---\n%s", exported, now)
		}
	})
}

func TestImportCommand_ABadFileImportsNothingNamesTheLineAndFails(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "claimtrack.db")
	good := writeFile(t, "good.yaml", bridgeStory)
	// The status is wrong on line 9; everything before it would import.
	bad := writeFile(t, "bad.yaml", strings.Replace(strings.Replace(bridgeStory, "bridge-closure", "other-bridge", 1),
		"status: investigating", "status: rumoured", 1))
	syntax := writeFile(t, "syntax.yaml", "title: [unclosed\n")
	// Settings may come as flags before or after the files.
	out, errOut, err := runCommand(t, nil, "import", bad, "--database", dsn, good, syntax, "--log-level=warn")
	if err == nil || !strings.Contains(err.Error(), "2 of 3 files not imported") {
		t.Fatalf("import = %v; want 2 of 3 failed\n%s%s", err, out, errOut)
	}
	for _, want := range []string{bad + ":9: unknown status \"rumoured\"", bad + ": not imported, nothing was changed", syntax + ":1: not valid YAML"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, good+`: created story "bridge-closure"`) {
		t.Errorf("the good file was not imported:\n%s", out)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.CountStories(context.Background()); err != nil || n != 1 {
		t.Errorf("CountStories = %d, %v; want 1 (the bad file wrote nothing)", n, err)
	}
}

func TestImportCommand_WithoutFilesSaysHowToUseIt(t *testing.T) {
	_, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": filepath.Join(t.TempDir(), "c.db")}, "import")
	if err == nil || !strings.Contains(err.Error(), "usage: claimtrack import FILE") {
		t.Errorf("import without files = %v", err)
	}
}

func TestImportCommand_ReadsAFileFromStandardInput(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "claimtrack.db")
	var out, errOut strings.Builder
	env := Env{LookupEnv: lookup(map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_LOG_LEVEL": "warn"}),
		Stdin: strings.NewReader(bridgeStory), Stdout: &out, Stderr: &errOut}
	if err := Command(t.Context(), env, []string{"import", "-"}); err != nil {
		t.Fatalf("import -: %v\n%s%s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), `-: created story "bridge-closure"`) {
		t.Errorf("output:\n%s", out.String())
	}
}
