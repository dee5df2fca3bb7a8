package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestAPIClaimUpdate_AVersionChangesOnlyTogetherWithAnEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		ctx := context.Background()
		url := fmt.Sprintf("/api/v1/claims/%d", f.claim.ID)
		events := func() int { return len(must(db.Events(ctx, claims.EventQuery{ClaimID: f.claim.ID}))(t)) }
		steps := []struct {
			name, body string
			status     int
			// change is the field a 200 must record, with its old and new value.
			change, old, new string
		}{
			{"the current status and a note", `{"status":"unverified","note":"Still checking","version":%d}`, 422, "", "", ""},
			{"the current text", `{"text":"The vote was 52 to 48","version":%d}`, 422, "", "", ""},
			{"a note alone", `{"note":"Called the clerk","version":%d}`, 422, "", "", ""},
			{"what would settle it", `{"what_would_settle":"The clerk's minutes","version":%d}`, 200, claims.FieldWhatWouldSettle, "", "The clerk's minutes"},
			{"what would settle it, again the same", `{"what_would_settle":"The clerk's minutes","version":%d}`, 422, "", "", ""},
			{"new wording", `{"text":"The vote was 51 to 49","version":%d}`, 200, claims.FieldText, "The vote was 52 to 48", "The vote was 51 to 49"},
			{"a review date", `{"review_by":"2026-06-01","version":%d}`, 200, claims.FieldReviewBy, "", "2026-06-01"},
			{"no review date", `{"review_by":"","version":%d}`, 200, claims.FieldReviewBy, "2026-06-01", ""},
		}
		for _, st := range steps {
			before := must(db.ClaimByID(ctx, f.claim.ID))(t)
			n := events()
			res, body := apiReq(t, f.h, "PATCH", url, fmt.Sprintf(st.body, before.Version), f.editorA, nil)
			wantStatus(t, st.name, res, body, st.status)
			after := must(db.ClaimByID(ctx, f.claim.ID))(t)
			evs := must(db.Events(ctx, claims.EventQuery{ClaimID: f.claim.ID}))(t)
			if st.status != http.StatusOK {
				e := decode[apiErrorBody](t, body)
				if e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "nothing changed") {
					t.Errorf("%s: %s; want invalid, nothing changed", st.name, body)
				}
				if after.Version != before.Version || len(evs) != n {
					t.Errorf("%s: version %d -> %d, events %d -> %d; want neither to change", st.name, before.Version, after.Version, n, len(evs))
				}
				continue
			}
			if after.Version != before.Version+1 || len(evs) != n+1 {
				t.Fatalf("%s: version %d -> %d, events %d -> %d; want one more of each", st.name, before.Version, after.Version, n, len(evs))
			}
			ch, ok := evs[0].Change()
			if evs[0].Kind != claims.EventClaimEdited || !ok || ch.Field != st.change || ch.Old != st.old || ch.New != st.new || ch.Label == "" {
				t.Errorf("%s: event %s %+v; want %s changed from %q to %q, with a label", st.name, evs[0].Kind, ch, st.change, st.old, st.new)
			}
		}
	})
}

func TestEditorClaim_TimelineShowsAFieldChangeBeforeAndAfter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		res, body := apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", f.claim.ID),
			`{"what_would_settle":"The clerk's signed minutes","version":1}`, f.editorA, nil)
		wantStatus(t, "patch", res, body, http.StatusOK)
		res, body = apiReq(t, f.h, "PATCH", fmt.Sprintf("/api/v1/claims/%d", f.claim.ID),
			`{"what_would_settle":"A recount","version":2}`, f.editorA, nil)
		wantStatus(t, "patch", res, body, http.StatusOK)

		res, page := apiReq(t, f.h, "GET", fmt.Sprintf("/editor/claims/%d", f.claim.ID), "", f.editorA, nil)
		wantStatus(t, "editor page", res, page, http.StatusOK)
		timeline := page[strings.Index(page, `id="timeline-h"`):]
		for _, want := range []string{
			"Claim edited: What would settle it",
			"<dt>Before</dt><dd><del>The clerk&#39;s signed minutes</del></dd><dt>After</dt><dd><ins>A recount</ins></dd>",
			"<dt>Before</dt><dd><del>(none)</del></dd><dt>After</dt><dd><ins>The clerk&#39;s signed minutes</ins></dd>",
		} {
			if !strings.Contains(timeline, want) {
				t.Errorf("the editor's timeline lacks %q", want)
			}
		}
	})
}
