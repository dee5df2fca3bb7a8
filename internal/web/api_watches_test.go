package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
)

func TestWatchesAPI_EditorsReadAndReplaceWatchesWithAVersionLock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		f.svc.UseWatchSyntax(extract.CheckNumberWatch)
		path := fmt.Sprintf("/api/v1/claims/%d/watches", f.claim.ID)

		res, body := apiReq(t, f.h, "GET", path, "", nil, nil)
		wantStatus(t, "anonymous read", res, body, http.StatusUnauthorized)

		res, body = apiReq(t, f.h, "GET", path, "", f.editorA, nil)
		wantStatus(t, "first read", res, body, http.StatusOK)
		if w := decode[api.Watches](t, body); w.Version != 0 || w.Phrases == nil || w.Numbers == nil || len(w.Signals) != 0 {
			t.Fatalf("a claim without watches reads %s; want version 0 and empty lists", body)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control %q; editors' data must not be cached", cc)
		}

		put := `{"version":0,"phrases":["authenticated","Meta confirmed"],"numbers":[{"label":"signatures","pattern":"([\\d,]+) signatures","comparison":">= 1500","propose":"confirmed"}]}`
		res, body = apiReq(t, f.h, "PUT", path, put, f.editorA, nil)
		wantStatus(t, "replace", res, body, http.StatusOK)
		w := decode[api.Watches](t, body)
		if w.Version != 1 || len(w.Phrases) != 2 || len(w.Numbers) != 1 || w.Numbers[0].Propose != "confirmed" ||
			w.UpdatedBy == "" || res.Header.Get("ETag") != `"1"` {
			t.Fatalf("after replacing: %s (ETag %s)", body, res.Header.Get("ETag"))
		}

		// Editor B saves from the version it read before A's change.
		res, body = apiReq(t, f.h, "PUT", path, `{"version":0,"phrases":["fabricated"]}`, f.editorB, nil)
		wantStatus(t, "stale replace", res, body, http.StatusConflict)
		if !strings.Contains(body, `"Meta confirmed"`) {
			t.Errorf("the conflict does not show the watches as they stand: %s", body)
		}
		res, body = apiReq(t, f.h, "PUT", path, `{"phrases":["fabricated"]}`, f.editorB, map[string]string{"If-Match": `"0"`})
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("If-Match \"0\": status %d, want 400 (no watches have version 0 to match)\n%s", res.StatusCode, body)
		}

		for _, bad := range []struct {
			body, want string
			status     int
		}{
			{`{"version":1,"numbers":[{"pattern":"([","comparison":">= 1"}]}`, "invalid pattern", http.StatusUnprocessableEntity},
			{`{"version":1,"numbers":[{"pattern":"\\d+","comparison":">= 1","propose":"probably"}]}`, "unknown status", http.StatusUnprocessableEntity},
			{`{"version":1,"numbers":[{"pattern":"\\d+","comparison":"more than 3"}]}`, "must start with", http.StatusUnprocessableEntity},
			{`{"version":1,"phrases":"authenticated"}`, "wrong type", http.StatusBadRequest},
		} {
			res, body = apiReq(t, f.h, "PUT", path, bad.body, f.editorA, nil)
			wantStatus(t, "bad watches "+bad.body, res, body, bad.status)
			if !strings.Contains(body, bad.want) {
				t.Errorf("bad watches %s: %s does not say %q", bad.body, body, bad.want)
			}
		}
		res, body = apiReq(t, f.h, "GET", path, "", f.editorB, nil)
		wantStatus(t, "read after refused writes", res, body, http.StatusOK)
		if w := decode[api.Watches](t, body); w.Version != 1 || strings.Join(w.Phrases, "|") != "authenticated|Meta confirmed" {
			t.Fatalf("refused writes changed the watches: %s", body)
		}

		res, body = apiReq(t, f.h, "GET", "/api/v1/claims/999999/watches", "", f.editorA, nil)
		wantStatus(t, "unknown claim", res, body, http.StatusNotFound)
	})
}

func TestSourceRecheckAPI_WithoutACheckerAnswers503SayingSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db) // newTestServer wires no re-checker
		res, body := apiReq(t, f.h, "POST", "/api/v1/sources/1/recheck", "", f.editorA, nil)
		wantStatus(t, "recheck without a checker", res, body, http.StatusServiceUnavailable)
		if e := decode[apiErrorBody](t, body); !strings.Contains(e.Error.Message, "not available") {
			t.Errorf("message %q does not say checks are unavailable", e.Error.Message)
		}
	})
}
