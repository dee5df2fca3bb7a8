package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestAccessLog_KeepsTheSetupTokenOutOfTheLog(t *testing.T) {
	db := storetest.SQLite(t)
	var logs bytes.Buffer
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	srv := New(Options{
		Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Auth: asvc,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), AccessLog: true,
		BaseURL: "https://claims.example.org", Now: time.Now,
	})
	token, err := asvc.SetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/setup/"+token, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /setup/<token> = %d, want 200", rec.Code)
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the access log holds the one-time setup token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "/setup/:token") {
		t.Fatalf("the access log does not record the request at all:\n%s", logs.String())
	}
}
