package web

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

func TestReviewAPI_StatusChangeByAIsQueuedForBNotAAndClosesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, body := apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", f.claim.ID),
			`{"status":"confirmed","note":"The minutes show it","version":1}`, f.editorA, nil)
		wantStatus(t, "status change by A", res, body, http.StatusOK)

		res, body = apiReq(t, f.h, "GET", "/api/v1/review", "", f.editorA, nil)
		wantStatus(t, "A's queue", res, body, http.StatusOK)
		if q := decode[httpx.ListBody[api.ReviewItem]](t, body); len(q.Items) != 0 {
			t.Fatalf("A sees %d items about their own change, want 0", len(q.Items))
		}

		res, body = apiReq(t, f.h, "GET", "/api/v1/review", "", f.editorB, nil)
		wantStatus(t, "B's queue", res, body, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("review queue Cache-Control %q, want private, no-store", cc)
		}
		q := decode[httpx.ListBody[api.ReviewItem]](t, body)
		if len(q.Items) != 1 {
			t.Fatalf("B sees %d items, want 1: %s", len(q.Items), body)
		}
		it := q.Items[0]
		a := f.user(t, f.editorA)
		if it.State != "open" || it.Event.Kind != "status_changed" || it.Event.ToStatus != "confirmed" ||
			it.Event.Actor != a.Name || it.Event.Note != "The minutes show it" {
			t.Fatalf("item %+v, want A's open status change", it)
		}

		reviewed := fmt.Sprintf("/api/v1/review/%d/reviewed", it.ID)
		res, body = apiReq(t, f.h, "POST", reviewed, "", f.editorA, nil)
		wantStatus(t, "A reviewing their own change", res, body, http.StatusForbidden)
		res, body = apiReq(t, f.h, "POST", reviewed, "", f.editorB, nil)
		wantStatus(t, "first reviewed", res, body, http.StatusOK)
		b := f.user(t, f.editorB)
		if got := decode[api.ReviewItem](t, body); got.State != "reviewed" || got.ClosedBy != b.Name || got.ClosedAt == nil {
			t.Fatalf("closed item %+v", got)
		}
		res, body = apiReq(t, f.h, "POST", reviewed, "", f.editorB, nil)
		wantStatus(t, "second reviewed", res, body, http.StatusConflict)
		res, body = apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/review/%d/dismiss", it.ID), "", f.editorA, nil)
		wantStatus(t, "dismiss after review", res, body, http.StatusConflict)
		res, body = apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/review/%d/accept", it.ID), "", f.editorA, nil)
		wantStatus(t, "accept after review", res, body, http.StatusConflict)
		res, body = apiReq(t, f.h, "POST", "/api/v1/review/999999/reviewed", "", f.editorA, nil)
		wantStatus(t, "unknown item", res, body, http.StatusNotFound)

		res, body = apiReq(t, f.h, "GET", "/api/v1/review", "", f.editorB, nil)
		if q := decode[httpx.ListBody[api.ReviewItem]](t, body); res.StatusCode != 200 || len(q.Items) != 0 {
			t.Fatalf("B's queue after review: %d %s", res.StatusCode, body)
		}
	})
}

func TestReviewAPI_AcceptOnAStatusChangeIsNotAProposal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", f.claim.ID), `{"status":"confirmed","note":"n","version":1}`, f.editorA, nil)
		_, body := apiReq(t, f.h, "GET", "/api/v1/review", "", f.editorB, nil)
		q := decode[httpx.ListBody[api.ReviewItem]](t, body)
		if len(q.Items) != 1 {
			t.Fatalf("queue %s", body)
		}
		res, body := apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/review/%d/accept", q.Items[0].ID), `{"note":"ok"}`, f.editorB, nil)
		wantStatus(t, "accept a non-proposal", res, body, http.StatusUnprocessableEntity)
		res, body = apiReq(t, f.h, "POST", fmt.Sprintf("/api/v1/review/%d/dismiss", q.Items[0].ID), "", f.editorB, nil)
		wantStatus(t, "dismiss", res, body, http.StatusOK)
	})
}
