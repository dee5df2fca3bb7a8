package admin

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

func TestAdminPages_AnswerOnlyAdmins(t *testing.T) {
	h, _, _ := newHandler()
	cases := []struct {
		name     string
		user     *auth.User
		method   string
		target   string
		status   int
		location string
	}{
		{"anonymous reader is sent to sign in", nil, http.MethodGet, "/admin/users", http.StatusSeeOther, "/login?next=%2Fadmin%2Fusers"},
		{"anonymous post is refused", nil, http.MethodPost, "/admin/users", http.StatusUnauthorized, ""},
		{"an editor is forbidden", pagetest.Editor, http.MethodGet, "/admin/webhooks", http.StatusForbidden, ""},
		{"an admin reads the mail page", pagetest.Admin, http.MethodGet, "/admin/mail", http.StatusOK, ""},
		{"an admin reads the alerts page", pagetest.Admin, http.MethodGet, "/admin/alerts", http.StatusOK, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(h, tc.user).Do(t, tc.method, tc.target, nil)
			if w.Code != tc.status || w.Header().Get("Location") != tc.location {
				t.Fatalf("%s %s = %d to %q, want %d to %q", tc.method, tc.target, w.Code, w.Header().Get("Location"), tc.status, tc.location)
			}
		})
	}
}

func TestUserCreate_RedirectsToTheListWithItsNotice(t *testing.T) {
	h, users, _ := newHandler()
	s := serve(h, pagetest.Admin)
	form := url.Values{"email": {"new@example.org"}, "name": {"Nia"}, "role": {"editor"}, "password": {"long enough password"}}
	w := s.Do(t, http.MethodPost, "/admin/users", form)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users?done=created" {
		t.Fatalf("create = %d to %q, want 303 to /admin/users?done=created", w.Code, w.Header().Get("Location"))
	}
	if len(users.users) != 3 {
		t.Fatalf("users = %d, want the new one added", len(users.users))
	}

	w = s.Do(t, http.MethodGet, "/admin/users?done=created", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("list = %d", w.Code)
	}
	// The users page has always been sent as no-cache, unlike the other
	// signed-in pages' private, no-store.
	if got := w.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control = %q, want no-cache", got)
	}
	if got := w.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, ".ed-flash"); got != "The user was created." {
		t.Errorf("flash = %q", got)
	}
	if n := d.Find(".ed-list .ed-item").Length(); n != 3 {
		t.Errorf("listed users = %d, want 3", n)
	}
	if d.Find(`form[action="/admin/users/1/disable"]`).Length() != 0 {
		t.Error("the admin is offered to disable their own account")
	}
}

func TestUserCreate_RefusedInputIsShownAgainWithTheError(t *testing.T) {
	h, users, _ := newHandler()
	users.createErr = claims.Errorf(claims.EINVALID, "that email address is already in use")
	form := url.Values{"email": {"ada@example.org"}, "name": {"Ada Two"}, "role": {"admin"}, "password": {"long enough password"}}
	w := serve(h, pagetest.Admin).Do(t, http.MethodPost, "/admin/users", form)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422", w.Code)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, `p.ed-error[role="alert"]`); got != "that email address is already in use" {
		t.Errorf("error = %q", got)
	}
	if v, _ := d.Find("#new-email").Attr("value"); v != "ada@example.org" {
		t.Errorf("email refilled = %q", v)
	}
	if v, _ := d.Find("#new-role option[selected]").Attr("value"); v != "admin" {
		t.Errorf("role refilled = %q, want admin", v)
	}
	if v, ok := d.Find("#new-password").Attr("value"); ok && v != "" {
		t.Errorf("the password came back in the form: %q", v)
	}
}

func TestUserDisable_NeedsANumericIDAndRedirects(t *testing.T) {
	h, users, _ := newHandler()
	s := serve(h, pagetest.Admin)
	if w := s.Do(t, http.MethodPost, "/admin/users/abc/disable", url.Values{}); w.Code != http.StatusBadRequest {
		t.Errorf("bad id = %d, want 400", w.Code)
	}
	w := s.Do(t, http.MethodPost, "/admin/users/2/disable", url.Values{})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users?done=disabled" {
		t.Fatalf("disable = %d to %q", w.Code, w.Header().Get("Location"))
	}
	if len(users.disabled) != 1 || users.disabled[0] != 2 {
		t.Errorf("disabled = %v, want [2]", users.disabled)
	}
}

func TestWebhooks_UnknownEndpointIs404AndANewOneShowsItsSecretOnce(t *testing.T) {
	h, _, _ := newHandler()
	s := serve(h, pagetest.Admin)
	if w := s.Do(t, http.MethodGet, "/admin/webhooks/99", nil); w.Code != http.StatusNotFound {
		t.Errorf("unknown endpoint = %d, want 404", w.Code)
	}
	if w := s.Do(t, http.MethodGet, "/admin/webhooks/x", nil); w.Code != http.StatusBadRequest {
		t.Errorf("bad id = %d, want 400", w.Code)
	}

	w := s.Do(t, http.MethodPost, "/admin/webhooks", url.Values{"url": {""}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("refused endpoint = %d, want 422", w.Code)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), `[role="alert"]`); got == "" {
		t.Error("the refusal is not shown")
	}

	w = s.Do(t, http.MethodPost, "/admin/webhooks", url.Values{"url": {"https://hooks.example.org/in"}, "kinds": {"claim.resolved"}})
	if w.Code != http.StatusCreated {
		t.Fatalf("create = %d, want 201", w.Code)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), "code.secret"); got != "whsec-test" {
		t.Errorf("secret shown = %q", got)
	}
	w = s.Do(t, http.MethodGet, "/admin/webhooks/7", nil)
	if w.Code != http.StatusOK || pagetest.Doc(t, w).Find("code.secret").Length() != 0 {
		t.Errorf("endpoint page = %d, and must not show the secret again", w.Code)
	}
	if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("Cache-Control = %q, want private, no-store", got)
	}
}

func TestMailShow_IsNotFoundWhenMailGoesToSMTP(t *testing.T) {
	h, _, _ := newHandler()
	if w := serve(h, pagetest.Admin).Do(t, http.MethodGet, "/admin/mail/1.eml", nil); w.Code != http.StatusNotFound {
		t.Errorf("status = %d, want 404", w.Code)
	}
}
