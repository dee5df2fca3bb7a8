package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
)

// sourcePage serves one small article on loopback and counts its requests.
func sourcePage(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><head><title>Statement</title></head><body><article><p>The ministry confirmed the meeting.</p></article></body></html>")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// linkedSource creates a story with a claim resting on url and returns the
// source's id.
func linkedSource(t *testing.T, svc *claims.Service, url string) int64 {
	t.Helper()
	ed := claims.Actor{UserID: 1, Name: "Ed", Role: "editor"}
	st, err := svc.CreateStory(t.Context(), ed, claims.NewStory{Title: "Meeting", Published: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.AddClaim(t.Context(), ed, st.ID, claims.NewClaim{Text: "They met"})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := svc.LinkSource(t.Context(), ed, c.ID, claims.NewSourceLink{URL: url, Outlet: "Ministry", OutletKind: "official", Stance: "supports"})
	if err != nil {
		t.Fatal(err)
	}
	return ls.ID
}

func TestAPISourceRecheck_AnonymousIs401AndEditorGetsTheCheck(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		page, hits := sourcePage(t)
		m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true"})
		id := linkedSource(t, m.Service(), page.URL+"/statement")
		u, err := m.Auth().CreateUser(t.Context(), "ed@newsroom.example", "Ed", auth.RoleEditor, cliPassword)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := m.Auth().CreateToken(t.Context(), u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("%s/api/v1/sources/%d/recheck", m.URL(), id)

		res, err := http.Post(url, "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || hits.Load() != 0 {
			t.Fatalf("anonymous recheck: %d with %d fetches, want 401 and none", res.StatusCode, hits.Load())
		}

		req, _ := http.NewRequest(http.MethodPost, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body struct {
			SourceID   int64  `json:"source_id"`
			State      string `json:"state"`
			StatusCode int    `json:"status_code"`
			TextHash   string `json:"text_hash"`
		}
		if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || body.SourceID != id || body.State != "live" || body.StatusCode != 200 || body.TextHash == "" || hits.Load() != 1 {
			t.Fatalf("editor recheck: %d %+v after %d fetches; want 200, live, one fetch", res.StatusCode, body, hits.Load())
		}
	})
}

func TestRecheckCommand_PrintsOneLinePerSourceAndChecksOnlyDueOnes(t *testing.T) {
	page, hits := sourcePage(t)
	dsn := t.TempDir() + "/c.db"
	m := start(t, dsn, map[string]string{"CLAIMTRACK_DEMO": "off"})
	id := linkedSource(t, m.Service(), page.URL+"/statement")
	env := map[string]string{"CLAIMTRACK_DATABASE": dsn, "CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true", "CLAIMTRACK_LOG_LEVEL": "error"}

	out, _, err := runCommand(t, env, "recheck")
	if err != nil || !strings.Contains(out, fmt.Sprintf("source %d %s/statement: live (200)", id, page.URL)) ||
		!strings.Contains(out, "checked 1 sources") {
		t.Fatalf("recheck: %v\n%s", err, out)
	}
	out, _, err = runCommand(t, env, "recheck")
	if err != nil || !strings.Contains(out, "checked 0 sources") || hits.Load() != 1 {
		t.Fatalf("second recheck right after: %v, %d fetches\n%s; want nothing due", err, hits.Load(), out)
	}
	out, _, err = runCommand(t, env, "recheck", "--all")
	if err != nil || !strings.Contains(out, "checked 1 sources") || hits.Load() != 2 {
		t.Fatalf("recheck --all: %v, %d fetches\n%s", err, hits.Load(), out)
	}
	out, _, err = runCommand(t, env, "recheck", "--source", fmt.Sprint(id))
	if err != nil || !strings.Contains(out, fmt.Sprintf("source %d", id)) || hits.Load() != 3 {
		t.Fatalf("recheck --source: %v, %d fetches\n%s", err, hits.Load(), out)
	}
}

func TestServe_InvalidRecheckScheduleStopsTheStartNamingTheSetting(t *testing.T) {
	_, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": t.TempDir() + "/c.db", "CLAIMTRACK_ADDR": "127.0.0.1:0",
		"CLAIMTRACK_RECHECK_SCHEDULE": "every minute"}, "serve")
	if err == nil || !strings.Contains(err.Error(), "CLAIMTRACK_RECHECK_SCHEDULE") {
		t.Fatalf("serve = %v, want an error naming CLAIMTRACK_RECHECK_SCHEDULE", err)
	}
}

func TestServe_ScheduledSweepChecksANewlyLinkedSource(t *testing.T) {
	page, hits := sourcePage(t)
	m := start(t, t.TempDir()+"/c.db", map[string]string{"CLAIMTRACK_DEMO": "off", "CLAIMTRACK_RECHECK": "on",
		"CLAIMTRACK_RECHECK_SCHEDULE": "@every 1s", "CLAIMTRACK_ALLOW_PRIVATE_SOURCES": "true"})
	id := linkedSource(t, m.Service(), page.URL+"/statement")
	// Polls until the job has run; the test's own timeout bounds the wait.
	for hits.Load() == 0 {
		select {
		case <-t.Context().Done():
			t.Fatal("the scheduled sweep never fetched the source")
		case <-time.After(50 * time.Millisecond):
		}
	}
	for {
		checks, err := m.Service().SourceChecks(t.Context(), id, claims.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if len(checks) > 0 {
			if checks[0].State != claims.SourceLive {
				t.Fatalf("scheduled check = %+v, want live", checks[0])
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
