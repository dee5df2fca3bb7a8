package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// apiRequest builds an API request with a JSON body and optional cookie or
// bearer token.
func apiRequest(method, target, body string, ck *http.Cookie, bearer string) *http.Request {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if ck != nil {
		req.AddCookie(ck)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	return req
}

func TestAdminAPI_OnlyAdminsManageUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		admin := loginAs(t, h, asvc, auth.RoleAdmin)
		editorCk := loginAs(t, h, asvc, auth.RoleEditor)
		target := createTestUser(t, asvc, auth.RoleEditor)
		newUser := `{"email":"new@newsroom.example","name":"New Person","role":"editor","password":"` + testPassword + `","id":999,"password_hash":"x","disabled":true}`
		disable := "/api/v1/users/" + strconv.FormatInt(target.ID, 10) + "/disable"

		tests := []struct {
			name, method, target, body string
			ck                         *http.Cookie
			want                       int
		}{
			{"anonymous list", http.MethodGet, "/api/v1/users", "", nil, http.StatusUnauthorized},
			{"anonymous create", http.MethodPost, "/api/v1/users", newUser, nil, http.StatusUnauthorized},
			{"anonymous disable", http.MethodPost, disable, "", nil, http.StatusUnauthorized},
			{"editor list", http.MethodGet, "/api/v1/users", "", editorCk, http.StatusForbidden},
			{"editor create", http.MethodPost, "/api/v1/users", newUser, editorCk, http.StatusForbidden},
			{"editor disable", http.MethodPost, disable, "", editorCk, http.StatusForbidden},
			{"admin list", http.MethodGet, "/api/v1/users", "", admin, http.StatusOK},
			{"admin create", http.MethodPost, "/api/v1/users", newUser, admin, http.StatusCreated},
			{"admin create again", http.MethodPost, "/api/v1/users", newUser, admin, http.StatusConflict},
			{"admin create weak", http.MethodPost, "/api/v1/users", `{"email":"w@newsroom.example","name":"W","role":"editor","password":"password1"}`, admin, http.StatusUnprocessableEntity},
			{"admin disable", http.MethodPost, disable, "", admin, http.StatusOK},
		}
		for _, tt := range tests {
			res := serve(h, apiRequest(tt.method, tt.target, tt.body, tt.ck, ""))
			body := readAll(t, res.Body)
			if res.StatusCode != tt.want {
				t.Errorf("%s: %d, want %d: %s", tt.name, res.StatusCode, tt.want, body)
			}
			if strings.Contains(body, "$2a$") || strings.Contains(body, "hash") || strings.Contains(body, testPassword) {
				t.Errorf("%s: a password or its hash in the response: %s", tt.name, body)
			}
			if tt.name == "admin create" {
				var u api.User
				if err := json.Unmarshal([]byte(body), &u); err != nil {
					t.Fatal(err)
				}
				if u.ID == 999 || u.Disabled || u.Email != "new@newsroom.example" || u.Role != "editor" {
					t.Errorf("created user %+v: injected fields took effect or fields lost", u)
				}
			}
		}
		got, err := asvc.UserByID(context.Background(), target.ID)
		if err != nil || !got.Disabled {
			t.Errorf("the admin's disable did not stick: %+v %v", got, err)
		}
	})
}

func TestBearerToken_AuthenticatesUntilRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		admin := createTestUser(t, asvc, auth.RoleAdmin)
		plain, tok, err := asvc.CreateToken(context.Background(), admin.ID, "ci")
		if err != nil {
			t.Fatal(err)
		}
		res := serve(h, apiRequest(http.MethodGet, "/api/v1/users", "", nil, plain))
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, admin.Email) {
			t.Fatalf("valid token: %d %s", res.StatusCode, body)
		}
		// A token client sends no Origin: its POSTs pass the cross-site check.
		create := `{"email":"tok@newsroom.example","name":"Via Token","role":"editor","password":"` + testPassword + `"}`
		if res := serve(h, apiRequest(http.MethodPost, "/api/v1/users", create, nil, plain)); res.StatusCode != http.StatusCreated {
			t.Errorf("POST with a token: %d, want 201", res.StatusCode)
		}
		if err := asvc.RevokeToken(context.Background(), tok.ID); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{plain, "ct_not-a-real-token", "garbage"} {
			if res := serve(h, apiRequest(http.MethodGet, "/api/v1/users", "", nil, bad)); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("token %q: %d, want 401", bad, res.StatusCode)
			}
		}
	})
}

func TestCrossSitePosts_AreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		admin := loginAs(t, h, asvc, auth.RoleAdmin)
		u := createTestUser(t, asvc, auth.RoleEditor)
		form := url.Values{"email": {u.Email}, "password": {testPassword}}.Encode()
		disable := "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/disable"
		browsers := map[string]map[string]string{
			"foreign Origin":          {"Origin": "https://evil.example"},
			"Sec-Fetch-Site cross":    {"Sec-Fetch-Site": "cross-site"},
			"Sec-Fetch-Site and Orig": {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		}
		for _, target := range []string{"/login", "/logout", "/admin/users", disable, "/api/v1/users", "/setup/x"} {
			for name, hdr := range browsers {
				req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, v := range hdr {
					req.Header.Set(k, v)
				}
				req.AddCookie(admin)
				res := serve(h, req)
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s POST %s: %d, want 403", name, target, res.StatusCode)
				}
				for _, c := range res.Cookies() {
					if isSessionCookie(c.Name) {
						t.Errorf("%s POST %s set a session cookie", name, target)
					}
				}
			}
		}
		if got, _ := asvc.UserByID(context.Background(), u.ID); got.Disabled {
			t.Error("a cross-site POST disabled a user")
		}
		// The same admin session still works: cross-site logout did nothing.
		if res := getWith(t, h, "/admin/users", admin); res.StatusCode != http.StatusOK {
			t.Errorf("session after cross-site logout: %d", res.StatusCode)
		}
		// A same-site browser POST passes.
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if res := serve(h, req); res.StatusCode != http.StatusSeeOther {
			t.Errorf("same-origin login: %d, want 303", res.StatusCode)
		}
	})
}

func TestAuthPages_CarryTheSecurityHeaders(t *testing.T) {
	db := storetest.SQLite(t)
	_, h, _, asvc := newTestServer(t, db)
	admin := loginAs(t, h, asvc, auth.RoleAdmin)
	for _, target := range []string{"/login", "/login?next=/x", "/admin/users", "/setup/abc"} {
		var res *http.Response
		if strings.HasPrefix(target, "/login") {
			res = getWith(t, h, target) // a signed-in editor is sent on from the form
		} else {
			res = getWith(t, h, target, admin)
		}
		hd := res.Header
		csp := hd.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
			hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" {
			t.Errorf("%s (%d): headers %v", target, res.StatusCode, hd)
		}
		if body := readAll(t, res.Body); strings.Contains(body, "<script") || strings.Contains(body, "style=") {
			t.Errorf("%s has inline script or style", target)
		}
	}
}

// TestLoginForm_SendsAnEditorWhoIsSignedInOn: the footer's "Sign in" is on
// every page, signed in or not; following it must not offer a second
// session.
func TestLoginForm_SendsAnEditorWhoIsSignedInOn(t *testing.T) {
	db := storetest.SQLite(t)
	_, h, _, asvc := newTestServer(t, db)
	editor := loginAs(t, h, asvc, auth.RoleEditor)
	for target, want := range map[string]string{"/login": "/editor", "/login?next=/claims/3": "/claims/3", "/login?next=//evil.example": "/editor"} {
		res := getWith(t, h, target, editor)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("signed in, GET %s: %d to %q, want 303 to %q", target, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	res := getWith(t, h, "/login?next=/claims/3")
	if body := readAll(t, res.Body); res.StatusCode != http.StatusOK || !strings.Contains(body, `name="password"`) {
		t.Errorf("anonymous GET /login: %d, want the form", res.StatusCode)
	}
}

func TestAdminPages_ManageUsersWithPlainForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		admin := loginAs(t, h, asvc, auth.RoleAdmin)
		editorCk := loginAs(t, h, asvc, auth.RoleEditor)
		if res := getWith(t, h, "/admin/users", editorCk); res.StatusCode != http.StatusForbidden {
			t.Errorf("editor on the admin page: %d, want 403", res.StatusCode)
		}
		if res := getWith(t, h, "/admin/users"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=%2Fadmin%2Fusers") {
			t.Errorf("anonymous on the admin page: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}

		name := `<script>alert("name")</script> Reporter`
		res := postForm(t, h, "/admin/users", url.Values{"email": {"rep@newsroom.example"}, "name": {name}, "role": {"editor"}, "password": {testPassword}}, []*http.Cookie{admin})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users?done=created" {
			t.Fatalf("create: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := readAll(t, getWith(t, h, "/admin/users?done=created", admin).Body)
		if !strings.Contains(page, "rep@newsroom.example") || strings.Contains(page, name) || !strings.Contains(page, "The user was created.") {
			t.Errorf("admin page after create: user missing, notice missing or name not escaped")
		}

		res = postForm(t, h, "/admin/users", url.Values{"email": {"weak@newsroom.example"}, "name": {"Weak"}, "role": {"editor"}, "password": {"password1"}}, []*http.Cookie{admin})
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "weak@newsroom.example") || strings.Contains(body, "password1") {
			t.Errorf("weak password: %d; the form should keep the email and drop the password", res.StatusCode)
		}

		rep, err := asvc.UserByEmail(context.Background(), "rep@newsroom.example")
		if err != nil {
			t.Fatal(err)
		}
		repCk := loginWith(t, h, rep.Email, testPassword)
		newPassword := "tangerine viaduct marmalade"
		res = postForm(t, h, "/admin/users/"+strconv.FormatInt(rep.ID, 10)+"/password", url.Values{"password": {newPassword}}, []*http.Cookie{admin})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset password: %d", res.StatusCode)
		}
		if res := getWith(t, h, "/api/v1/users", repCk); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("the user's old session survived a reset: %d", res.StatusCode)
		}
		loginWith(t, h, rep.Email, newPassword)

		res = postForm(t, h, "/admin/users/"+strconv.FormatInt(rep.ID, 10)+"/disable", nil, []*http.Cookie{admin})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", res.StatusCode)
		}
		res = postForm(t, h, "/login", url.Values{"email": {rep.Email}, "password": {newPassword}}, nil)
		// Answered exactly as a wrong password: "disabled" would confirm it.
		if page := readAll(t, res.Body); res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "wrong email or password") {
			t.Errorf("disabled user logging in: %d, want 401 with the wrong-password answer", res.StatusCode)
		}
		if res := getWith(t, h, "/admin/users", admin); res.StatusCode != http.StatusOK {
			t.Errorf("admin's own session after the changes: %d", res.StatusCode)
		}
	})
}

func TestSetup_CreatesTheFirstAdminOnceOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		token, err := asvc.SetupToken(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res := getWith(t, h, "/setup/"+token); res.StatusCode != http.StatusOK {
			t.Fatalf("setup page: %d", res.StatusCode)
		}
		res := postForm(t, h, "/setup/"+token, url.Values{"email": {"chief@newsroom.example"}, "name": {"Chief"}, "password": {"short"}}, nil)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("weak password at setup: %d, want 422", res.StatusCode)
		}
		if res := postForm(t, h, "/setup/not-the-token", url.Values{"email": {"x@newsroom.example"}, "name": {"X"}, "password": {testPassword}}, nil); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong token: %d, want 401", res.StatusCode)
		}
		res = postForm(t, h, "/setup/"+token, url.Values{"email": {"chief@newsroom.example"}, "name": {"Chief"}, "password": {testPassword}}, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != httpx.DefaultAfterLogin {
			t.Fatalf("setup: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		var ck *http.Cookie
		for _, c := range res.Cookies() {
			if isSessionCookie(c.Name) {
				ck = c
			}
		}
		if ck == nil {
			t.Fatal("setup did not sign the admin in")
		}
		if res := getWith(t, h, "/admin/users", ck); res.StatusCode != http.StatusOK {
			t.Errorf("the new admin on the admin page: %d", res.StatusCode)
		}
		if res := getWith(t, h, "/setup/"+token); res.StatusCode != http.StatusForbidden {
			t.Errorf("setup page afterwards: %d, want 403", res.StatusCode)
		}
		res = postForm(t, h, "/setup/"+token, url.Values{"email": {"second@newsroom.example"}, "name": {"Second"}, "password": {testPassword}}, nil)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("the same link afterwards: %d, want 403", res.StatusCode)
		}
		if n, _ := asvc.UserCount(context.Background()); n != 1 {
			t.Errorf("%d users after setup, want 1", n)
		}
	})
}
