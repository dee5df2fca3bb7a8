package account

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

func cookieOf(t *testing.T, h http.Header, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", name, h.Values("Set-Cookie"))
	return nil
}

func TestLogin_WrongPasswordShowsTheFormAgainWithoutThePassword(t *testing.T) {
	h, _ := newHandler()
	w := serve(h, nil).Do(t, http.MethodPost, "/login", url.Values{"email": {pagetest.Admin.Email}, "password": {"guess"}, "next": {"/editor"}})
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("status = %d, want 401", w.Code)
	}
	if got := w.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("Cache-Control = %q, want no-cache", got)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, `[role="alert"]`); got != "wrong email or password" {
		t.Errorf("error = %q", got)
	}
	if v, _ := d.Find("#email").Attr("value"); v != pagetest.Admin.Email {
		t.Errorf("email refilled = %q", v)
	}
	if d.Find(`input[name="password"][value]`).Length() != 0 {
		t.Error("the password came back in the form")
	}
}

func TestLogin_RedirectsToALocalNextWithASessionCookie(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/editor/stories/x", "/editor/stories/x"},
		{"https://elsewhere.example/", httpx.DefaultAfterLogin},
		{"//elsewhere.example/", httpx.DefaultAfterLogin},
	} {
		h, _ := newHandler()
		w := serve(h, nil).Do(t, http.MethodPost, "/login", url.Values{"email": {pagetest.Admin.Email}, "password": {rightPassword}, "next": {tc.next}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tc.want {
			t.Errorf("next %q: %d to %q, want 303 to %q", tc.next, w.Code, w.Header().Get("Location"), tc.want)
			continue
		}
		if c := cookieOf(t, w.Header(), httpx.SessionCookie); c.Value != "new-session" || !c.HttpOnly || c.MaxAge != 3600 {
			t.Errorf("session cookie = %+v", c)
		}
		if c := cookieOf(t, w.Header(), DeviceCookie); c.Value != "device-1" {
			t.Errorf("device cookie = %+v", c)
		}
	}
}

func TestLogout_EndsTheSessionAndClearsItsCookie(t *testing.T) {
	h, f := newHandler()
	s := serve(h, pagetest.Editor)
	r := httptest.NewRequest(http.MethodPost, "/logout", nil)
	r.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: "old-session"})
	w := s.Serve(r)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("logout = %d to %q, want 303 to /", w.Code, w.Header().Get("Location"))
	}
	if len(f.loggedOut) != 1 || f.loggedOut[0] != "old-session" {
		t.Errorf("ended sessions = %v, want [old-session]", f.loggedOut)
	}
	if c := cookieOf(t, w.Header(), httpx.SessionCookie); c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("session cookie not cleared: %+v", c)
	}
}

func TestSetup_IsRefusedOnceAnyoneHasAnAccountAndShowsFieldErrors(t *testing.T) {
	h, f := newHandler()
	s := serve(h, nil)
	w := s.Do(t, http.MethodPost, "/setup/tok", url.Values{"email": {"a@example.org"}, "name": {""}, "password": {rightPassword}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("setup without a name = %d, want 422", w.Code)
	}
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "#name + .ed-field-error"); got != "a name is required" {
		t.Errorf("field error = %q", got)
	}
	if v, _ := d.Find("#email").Attr("value"); v != "a@example.org" {
		t.Errorf("email refilled = %q", v)
	}

	w = s.Do(t, http.MethodPost, "/setup/tok", url.Values{"email": {pagetest.Admin.Email}, "name": {"Ada"}, "password": {rightPassword}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != httpx.DefaultAfterLogin {
		t.Fatalf("setup = %d to %q", w.Code, w.Header().Get("Location"))
	}
	if f.users != 1 {
		t.Fatalf("users = %d", f.users)
	}
	if w := s.Do(t, http.MethodGet, "/setup/tok", nil); w.Code != http.StatusForbidden {
		t.Errorf("setup after the first admin = %d, want 403", w.Code)
	}
	h.Auth = nil
	if w := s.Do(t, http.MethodGet, "/setup/tok", nil); w.Code != http.StatusNotFound {
		t.Errorf("setup without accounts = %d, want 404", w.Code)
	}
}

func TestPasswordReset_ExpiredLinkIsGoneAndDifferentPasswordsAre422(t *testing.T) {
	h, _ := newHandler()
	s := serve(h, nil)
	w := s.Do(t, http.MethodGet, "/password/reset/good", nil)
	if d := pagetest.Doc(t, w); w.Code != http.StatusOK || d.Find(`form[action="/password/reset/good"]`).Length() != 1 {
		t.Errorf("a good link = %d without its form, want 200 with it", w.Code)
	}

	w = s.Do(t, http.MethodGet, "/password/reset/used", nil)
	if w.Code != http.StatusGone {
		t.Errorf("used link = %d, want 410", w.Code)
	}
	if d := pagetest.Doc(t, w); d.Find(`form[action="/password/reset/used"]`).Length() != 0 {
		t.Error("a used link still offers the form")
	}

	w = s.Do(t, http.MethodPost, "/password/reset/good", url.Values{"password": {rightPassword}, "password_again": {"something else"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("different passwords = %d, want 422", w.Code)
	}
	if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
	if got := pagetest.Text(pagetest.Doc(t, w), "#password_again + .ed-field-error"); got != "The two passwords differ: type the same one twice." {
		t.Errorf("field error = %q", got)
	}

	w = s.Do(t, http.MethodPost, "/password/reset/good", url.Values{"password": {rightPassword}, "password_again": {rightPassword}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?reset=done" {
		t.Errorf("reset = %d to %q, want 303 to /login?reset=done", w.Code, w.Header().Get("Location"))
	}
}

func TestRequireRecentPassword_AsksAgainAndKeepsThePostedForm(t *testing.T) {
	h, f := newHandler()
	s := serve(h, pagetest.Admin)
	s.Session = &auth.Session{ID: 1, UserID: pagetest.Admin.ID}

	w := s.Do(t, http.MethodGet, "/admin/users", nil)
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("page without a recent password = %d, want 401", w.Code)
	}
	d := pagetest.Doc(t, w)
	if a, _ := d.Find("form").Attr("action"); a != "/reauth" {
		t.Errorf("form posts to %q, want /reauth", a)
	}
	if v, _ := d.Find(`input[type="hidden"][name="next"]`).Attr("value"); v != "/admin/users" {
		t.Errorf("next = %q", v)
	}

	w = s.Do(t, http.MethodPost, "/admin/users", url.Values{"email": {"new@example.org"}, ReauthField: {"wrong"}})
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password = %d, want 401", w.Code)
	}
	d = pagetest.Doc(t, w)
	if got := pagetest.Text(d, `[role="alert"]`); got != "that is not your password" {
		t.Errorf("error = %q", got)
	}
	if v, _ := d.Find(`input[type="hidden"][name="email"]`).Attr("value"); v != "new@example.org" {
		t.Errorf("the posted form was not kept: email = %q", v)
	}
	if d.Find(`input[type="hidden"][name="`+ReauthField+`"]`).Length() != 0 {
		t.Error("the typed password is carried in the form")
	}

	if w := s.Do(t, http.MethodPost, "/admin/users", url.Values{ReauthField: {rightPassword}}); w.Code != http.StatusOK {
		t.Errorf("right password = %d, want the page (200)", w.Code)
	}
	f.verified = true
	if w := s.Do(t, http.MethodGet, "/admin/users", nil); w.Code != http.StatusOK {
		t.Errorf("recently verified = %d, want 200", w.Code)
	}
}

func TestTokens_AnonymousIsSentToSignInAndABadIDIs404(t *testing.T) {
	h, f := newHandler()
	w := serve(h, nil).Do(t, http.MethodGet, "/account/tokens", nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next=%2Faccount%2Ftokens" {
		t.Errorf("anonymous = %d to %q", w.Code, w.Header().Get("Location"))
	}
	s := serve(h, pagetest.Editor)
	if w := s.Do(t, http.MethodPost, "/account/tokens/abc/revoke", url.Values{}); w.Code != http.StatusNotFound {
		t.Errorf("bad id = %d, want 404", w.Code)
	}
	w = s.Do(t, http.MethodPost, "/account/tokens/3/revoke", url.Values{})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account/tokens?done=revoked" || len(f.revoked) != 1 {
		t.Fatalf("revoke = %d to %q, revoked %v", w.Code, w.Header().Get("Location"), f.revoked)
	}
	w = s.Do(t, http.MethodGet, "/account/tokens?done=revoked", nil)
	d := pagetest.Doc(t, w)
	if d.Find(`form[action="/account/tokens/3/revoke"]`).Length() != 1 {
		t.Error("the token has no revoke button")
	}
	if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
}
