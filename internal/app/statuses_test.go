package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/demo"
)

// builtInRelabelled is the built-in vocabulary with "confirmed" renamed
// for readers and coloured, and one status more.
const builtInRelabelled = `statuses:
  - {id: unverified, label: Unverified}
  - {id: investigating, label: Investigating}
  - {id: disputed, label: Disputed}
  - {id: confirmed, label: Verified by our desk, resolved: true, rating: 5, color: "#0a7a3a"}
  - {id: partly_confirmed, label: Partly confirmed, resolved: true, rating: 4}
  - {id: refuted, label: Refuted, resolved: true, rating: 1}
  - {id: retracted, label: Retracted, resolved: true, rating: 2}
  - {id: inconclusive, label: Inconclusive, resolved: true, rating: 3}
  - {id: satire, label: Satire, description: "Never meant as fact.", resolved: true, rating: 3}
`

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runWith starts Main and returns its error instead of failing.
func runWith(t *testing.T, env map[string]string) (*Main, error) {
	t.Helper()
	base := map[string]string{"CLAIMTRACK_ADDR": "127.0.0.1:0", "CLAIMTRACK_ACCESS_LOG": "off", "CLAIMTRACK_RECHECK": "off"}
	for k, v := range env {
		base[k] = v
	}
	cfg, err := config.Parse(nil, lookup(base))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.DiscardHandler))
	err = m.Run(context.Background())
	if err == nil {
		t.Cleanup(func() { _ = m.Close() })
	}
	return m, err
}

func TestStatuses_AFileReplacesTheVocabularyOnEveryPage(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, map[string]string{"CLAIMTRACK_STATUSES": writeFile(t, "statuses.yaml", builtInRelabelled)})
		status, body := get(t, m.URL()+"/stories/"+demo.Slug)
		if status != 200 || !strings.Contains(body, "Verified by our desk") || strings.Contains(body, ">Confirmed<") {
			t.Fatalf("story page (%d) does not use the configured label", status)
		}
		href := body[strings.Index(body, `<link rel="stylesheet" href="`)+len(`<link rel="stylesheet" href="`):]
		_, css := get(t, m.URL()+href[:strings.Index(href, `"`)])
		if !strings.Contains(css, "#0a7a3a") {
			t.Error("the configured colour is not in the stylesheet")
		}
	})
}

func TestStatuses_RemovingAStatusThatClaimsUseIsRefusedNamingThem(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, nil) // the demo story uses partly_confirmed
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		without := strings.Replace(builtInRelabelled, "  - {id: partly_confirmed, label: Partly confirmed, resolved: true, rating: 4}\n", "", 1)
		_, err := runWith(t, map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_STATUSES": writeFile(t, "s.yaml", without)})
		if err == nil || !strings.Contains(err.Error(), "CLAIMTRACK_STATUSES") || !strings.Contains(err.Error(), `is "partly_confirmed"`) ||
			!strings.Contains(err.Error(), "claim ") {
			t.Fatalf("start without a status in use: %v; want a refusal naming the claims", err)
		}
	})
}

func TestStatuses_ABadFileStopsTheStartSayingWhy(t *testing.T) {
	dir := t.TempDir()
	for name, tt := range map[string]struct{ text, want string }{
		"duplicate id":    {"statuses:\n  - {id: open, label: Open}\n  - {id: open, label: Again, resolved: true}\n", "listed twice"},
		"no resolved one": {"statuses:\n  - {id: open, label: Open}\n", "at least one open and one resolved"},
		"misspelt key":    {"statuses:\n  - {id: open, label: Open}\n  - {id: done, label: Done, resolve: true}\n", "line 3"},
		"bad colour":      {"statuses:\n  - {id: open, label: Open, color: \"red;}body{\"}\n  - {id: done, label: Done, resolved: true}\n", "colour"},
		"not YAML":        {"statuses: [", "statuses file"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runWith(t, map[string]string{"CLAIMTRACK_DATABASE": filepath.Join(dir, name+".db"),
				"CLAIMTRACK_STATUSES": writeFile(t, "s.yaml", tt.text)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("start with %s: %v; want an error saying %q", name, err, tt.want)
			}
		})
	}
}

func TestStatuses_AVocabularyWithoutTheDemosStatusesStartsWithoutTheDemo(t *testing.T) {
	m, err := runWith(t, map[string]string{"CLAIMTRACK_DATABASE": filepath.Join(t.TempDir(), "c.db"),
		"CLAIMTRACK_STATUSES": writeFile(t, "s.json", `{"statuses": [{"id": "open", "label": "Open"}, {"id": "settled", "label": "Settled", "resolved": true, "rating": 1}]}`)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	if status, _ := get(t, m.URL()+"/stories/"+demo.Slug); status != 404 {
		t.Fatalf("demo story page: %d, want 404 (not loaded)", status)
	}
}
