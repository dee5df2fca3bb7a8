package desk

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

func TestClaimEditor_AnswersOnlyEditorsForClaimsThatExist(t *testing.T) {
	h, _ := newHandler()
	reader := &auth.User{ID: 3, Email: "rita@example.org", Name: "Rita", Role: "reader"}
	cases := []struct {
		name     string
		user     *auth.User
		target   string
		status   int
		location string
	}{
		{"anonymous reader is sent to sign in", nil, "/editor/claims/7", http.StatusSeeOther, "/login?next=%2Feditor%2Fclaims%2F7"},
		{"a user who may not edit is forbidden", reader, "/editor/claims/7", http.StatusForbidden, ""},
		{"an id that is not a number is a bad request", pagetest.Editor, "/editor/claims/seven", http.StatusBadRequest, ""},
		{"an unknown claim is not found", pagetest.Editor, "/editor/claims/8", http.StatusNotFound, ""},
		{"an editor reads the claim editor", pagetest.Editor, "/editor/claims/7", http.StatusOK, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(h, tc.user).Do(t, http.MethodGet, tc.target, nil)
			if w.Code != tc.status || w.Header().Get("Location") != tc.location {
				t.Fatalf("GET %s = %d to %q, want %d to %q", tc.target, w.Code, w.Header().Get("Location"), tc.status, tc.location)
			}
		})
	}
}

func TestClaimStatus_SavedRedirectsToTheEditorWithItsNotice(t *testing.T) {
	h, fc := newHandler()
	s := serve(h, pagetest.Editor)
	form := url.Values{"status": {"confirmed"}, "note": {"The treasury's figures"}, "version": {"3"}}
	w := s.Do(t, http.MethodPost, "/editor/claims/7/status", form)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/editor/claims/7?done=status" {
		t.Fatalf("save = %d to %q, want 303 to /editor/claims/7?done=status", w.Code, w.Header().Get("Location"))
	}
	if len(fc.updates) != 1 || fc.updates[0].Note != "The treasury's figures" || fc.updates[0].Version != 3 {
		t.Fatalf("updates = %+v, want the status with its note at version 3", fc.updates)
	}

	d := pagetest.Doc(t, s.Do(t, http.MethodGet, "/editor/claims/7?done=status", nil))
	if got := pagetest.Text(d, ".ed-flash"); got != "Status changed." {
		t.Errorf("flash = %q, want %q", got, "Status changed.")
	}
}

func TestClaimStatus_StaleVersionKeepsTheEditorsInput(t *testing.T) {
	h, fc := newHandler()
	now := fc.claim
	now.Status, now.Version = "disputed", 4
	fc.updateErr = &claims.Error{Code: claims.ECONFLICT, Message: "the claim was changed", Current: now}
	form := url.Values{"status": {"confirmed"}, "note": {"The treasury's figures"}, "version": {"3"}}
	w := serve(h, pagetest.Editor).Do(t, http.MethodPost, "/editor/claims/7/status", form)
	if w.Code != http.StatusConflict {
		t.Fatalf("stale save = %d, want 409", w.Code)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "#status-form .ed-error"); got != staleMessage {
		t.Errorf("form message = %q, want %q", got, staleMessage)
	}
	if got := pagetest.Text(d, "#sf-note"); got != "The treasury's figures" {
		t.Errorf("note = %q, want the editor's note kept", got)
	}
	if got, _ := d.Find(`#status-form input[name="version"]`).Attr("value"); got != "4" {
		t.Errorf("version = %q, want the claim's current 4", got)
	}
	if d.Find(".ed-conflict").Length() != 1 {
		t.Error("the claim as it now stands is not shown beside the form")
	}
}

func TestClaimStatus_UnknownStatusIsRefusedWithItsMessage(t *testing.T) {
	h, fc := newHandler()
	fc.updateErr = claims.Invalid("status", "no such status: %q", "sorta")
	form := url.Values{"status": {"sorta"}, "note": {"Why not"}, "version": {"3"}}
	w := serve(h, pagetest.Editor).Do(t, http.MethodPost, "/editor/claims/7/status", form)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown status = %d, want 422", w.Code)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "#status-form .ed-field-error"); got != `no such status: "sorta"` {
		t.Errorf("field error = %q", got)
	}
	if got := pagetest.Text(d, "#sf-note"); got != "Why not" {
		t.Errorf("note = %q, want the editor's note kept", got)
	}
}
