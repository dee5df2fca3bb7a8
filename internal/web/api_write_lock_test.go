package web

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
)

// staleBody is a 409/412 answer: the error and the claim as it now stands.
type staleBody struct {
	Error struct {
		Code string `json:"code"`
	} `json:"error"`
	Current *api.ClaimRecord `json:"current"`
}

func (f *writeFixture) statusEvents(t *testing.T, claimID int64) []claims.Event {
	t.Helper()
	var out []claims.Event
	for _, e := range must(f.db.Events(context.Background(), claims.EventQuery{ClaimID: claimID}))(t) {
		if e.Kind == claims.EventStatusChanged {
			out = append(out, e)
		}
	}
	return out
}

func TestClaimPatch_TwoConcurrentPatchesWithOneVersion_OneWinsOneConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		url := fmt.Sprintf("/api/v1/claims/%d", f.claim.ID)
		bodies := []string{
			`{"status":"confirmed","note":"The minutes show it","version":1}`,
			`{"status":"refuted","note":"The tally says otherwise","version":1}`,
		}
		cookies := []*http.Cookie{f.editorA, f.editorB}
		type result struct {
			status int
			body   string
		}
		results := make([]result, 2)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				res, body := apiReq(t, f.h, "PATCH", url, bodies[i], cookies[i], nil)
				results[i] = result{res.StatusCode, body}
			}()
		}
		close(start)
		wg.Wait()

		var won, lost int
		for _, r := range results {
			switch r.status {
			case http.StatusOK:
				won++
			case http.StatusConflict:
				lost++
				sb := decode[staleBody](t, r.body)
				if sb.Error.Code != claims.ECONFLICT || sb.Current == nil || sb.Current.Version != 2 {
					t.Errorf("409 body %s: want code conflict and the claim at version 2", r.body)
				}
			default:
				t.Errorf("unexpected answer %d: %s", r.status, r.body)
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("%d succeeded and %d conflicted, want exactly one of each: %+v", won, lost, results)
		}
		if evs := f.statusEvents(t, f.claim.ID); len(evs) != 1 {
			t.Fatalf("%d status_changed events, want 1", len(evs))
		}
		if got := must(db.ClaimByID(context.Background(), f.claim.ID))(t); got.Version != 2 {
			t.Fatalf("claim at version %d, want 2", got.Version)
		}
	})
}

func TestClaimPatch_StaleVersionReturnsCurrentClaimAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		url := fmt.Sprintf("/api/v1/claims/%d", f.claim.ID)
		res, body := apiReq(t, f.h, "PATCH", url, `{"status":"confirmed","note":"First","version":1}`, f.editorA, nil)
		wantStatus(t, "first edit", res, body, http.StatusOK)
		if rec := decode[api.ClaimRecord](t, body); rec.Version != 2 || rec.Status != "confirmed" || res.Header.Get("ETag") != `"2"` {
			t.Fatalf("first edit answered %+v, ETag %q", rec, res.Header.Get("ETag"))
		}
		before := must(db.Events(context.Background(), claims.EventQuery{ClaimID: f.claim.ID}))(t)

		for _, tc := range []struct {
			name   string
			body   string
			hdr    map[string]string
			status int
		}{
			{"version in the body", `{"status":"refuted","note":"Stale","text":"Stale text","version":1}`, nil, http.StatusConflict},
			{"If-Match", `{"status":"refuted","note":"Stale","text":"Stale text"}`, map[string]string{"If-Match": `"1"`}, http.StatusPreconditionFailed},
			{"If-Match wins over the body", `{"status":"refuted","note":"Stale","version":2}`, map[string]string{"If-Match": `"1"`}, http.StatusPreconditionFailed},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res, body := apiReq(t, f.h, "PATCH", url, tc.body, f.editorB, tc.hdr)
				wantStatus(t, "stale edit", res, body, tc.status)
				sb := decode[staleBody](t, body)
				if sb.Current == nil || sb.Current.Version != 2 || sb.Current.Status != "confirmed" || sb.Current.Text != f.claim.Text {
					t.Fatalf("current = %+v, want the claim as it stands (v2, confirmed)", sb.Current)
				}
			})
		}
		after := must(db.Events(context.Background(), claims.EventQuery{ClaimID: f.claim.ID}))(t)
		got := must(db.ClaimByID(context.Background(), f.claim.ID))(t)
		if len(after) != len(before) || got.Version != 2 || got.Status != "confirmed" || got.Text != f.claim.Text {
			t.Fatalf("stale edits wrote: %d→%d events, claim %+v", len(before), len(after), got)
		}

		res, body = apiReq(t, f.h, "PATCH", url, `{"text":"Fresh text"}`, f.editorB, map[string]string{"If-Match": `"2"`})
		wantStatus(t, "edit with the current If-Match", res, body, http.StatusOK)
	})
}

func TestStoryPatch_StaleVersionConflictsWithCurrentStory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, body := apiReq(t, f.h, "PATCH", "/api/v1/stories/budget-vote",
			`{"title":"Budget vote, recounted","context":[{"question":"Q?","answer":"A."}],"perspectives":{"agree":["x"],"split":[]},"version":1}`, f.editorA, nil)
		wantStatus(t, "first edit", res, body, http.StatusOK)
		rec := decode[api.StoryRecord](t, body)
		if rec.Version != 2 || rec.Title != "Budget vote, recounted" || len(rec.Context) != 1 || len(rec.Perspectives.Agree) != 1 {
			t.Fatalf("story after edit %+v", rec)
		}
		res, body = apiReq(t, f.h, "PATCH", "/api/v1/stories/budget-vote", `{"title":"Stale","version":1}`, f.editorB, nil)
		wantStatus(t, "stale edit", res, body, http.StatusConflict)
		sb := decode[struct {
			Current *api.StoryRecord `json:"current"`
		}](t, body)
		if sb.Current == nil || sb.Current.Title != "Budget vote, recounted" || sb.Current.Version != 2 {
			t.Fatalf("current = %+v", sb.Current)
		}
	})
}
