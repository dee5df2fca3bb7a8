package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// eachDatabase runs fn on a SQLite file that does not exist yet, as on a
// first start, and on a fresh PostgreSQL schema when one is configured.
func eachDatabase(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "data", "claimtrack.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresDSN(t)) })
}

func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// start runs the real wiring on a random loopback port with the database
// dsn and any extra settings, and stops it when the test ends.
func start(t *testing.T, dsn string, extra map[string]string) *Main {
	t.Helper()
	env := map[string]string{
		"CLAIMTRACK_ADDR":       "127.0.0.1:0",
		"CLAIMTRACK_DATABASE":   dsn,
		"CLAIMTRACK_ACCESS_LOG": "off",
		// The demo story's sources are real outlets: tests never fetch them.
		"CLAIMTRACK_RECHECK": "off",
	}
	for k, v := range extra {
		env[k] = v
	}
	cfg, err := config.Parse(nil, lookup(env))
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m
}

// get fetches url over real HTTP and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// getJSON fetches url, requires 200 and decodes the body into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	status, body := get(t, url)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", url, status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

type apiStoryList struct {
	Items []struct {
		Slug  string `json:"slug"`
		Title string `json:"title"`
	} `json:"items"`
}

type apiClaim struct {
	ID       int64  `json:"id"`
	Text     string `json:"text"`
	Status   string `json:"status"`
	Resolved bool   `json:"resolved"`
	Version  int    `json:"version"`
}

type apiStory struct {
	Slug               string     `json:"slug"`
	Title              string     `json:"title"`
	Claims             []apiClaim `json:"claims"`
	UnresolvedClaimIDs []int64    `json:"unresolved_claim_ids"`
}
