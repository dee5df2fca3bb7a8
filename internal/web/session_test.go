package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

// getWith sends a GET with the given cookies.
func getWith(t *testing.T, h http.Handler, target string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return serve(h, req)
}

func TestLogin_SetsAHardenedSessionCookieAndRedirectsToNext(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		u := createTestUser(t, asvc, auth.RoleAdmin)
		res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {"/admin/users"}}, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
			t.Fatalf("login: %d to %q, want 303 to /admin/users", res.StatusCode, res.Header.Get("Location"))
		}
		var ck *http.Cookie
		for _, c := range res.Cookies() {
			if isSessionCookie(c.Name) {
				ck = c
			}
		}
		if ck == nil {
			t.Fatal("no session cookie")
		}
		if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			t.Errorf("cookie flags: HttpOnly=%v Secure=%v SameSite=%v Path=%q", ck.HttpOnly, ck.Secure, ck.SameSite, ck.Path)
		}
		if want := int(asvc.SessionTTL().Seconds()); ck.MaxAge != want {
			t.Errorf("Max-Age = %d, want %d", ck.MaxAge, want)
		}
		if res := getWith(t, h, "/admin/users", ck); res.StatusCode != http.StatusOK {
			t.Errorf("admin page with the cookie: %d", res.StatusCode)
		}
	})
}

func TestLogin_CookieIsNotSecureOnAnHTTPSite(t *testing.T) {
	db := storetest.SQLite(t)
	_, _, csvc, asvc := newTestServer(t, db)
	h := New(Options{Service: csvc, Auth: asvc, BaseURL: "http://localhost:8080"}).Handler()
	u := createTestUser(t, asvc, auth.RoleEditor)
	if ck := loginWith(t, h, u.Email, testPassword); ck.Secure {
		t.Error("cookie is Secure on a plain-http site: the browser would never send it back")
	}
}

func TestLogin_RefusesToRedirectToAnotherSite(t *testing.T) {
	db := storetest.SQLite(t)
	_, h, _, asvc := newTestServer(t, db)
	u := createTestUser(t, asvc, auth.RoleEditor)
	for _, next := range []string{"https://evil.example/", "//evil.example/x", `/\evil.example`, "javascript:alert(1)", ""} {
		res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {next}}, nil)
		if loc := res.Header.Get("Location"); loc != httpx.DefaultAfterLogin {
			t.Errorf("next=%q redirected to %q, want %s", next, loc, httpx.DefaultAfterLogin)
		}
	}
}

func TestLogin_IssuesANewSessionEachTimeAndEndsTheOneItReplaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		u := createTestUser(t, asvc, auth.RoleAdmin)
		first := loginWith(t, h, u.Email, testPassword)
		res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {testPassword}}, []*http.Cookie{first})
		var second *http.Cookie
		for _, c := range res.Cookies() {
			if isSessionCookie(c.Name) {
				second = c
			}
		}
		if second == nil || second.Value == first.Value {
			t.Fatalf("second login kept the session id %q", first.Value)
		}
		if res := getWith(t, h, "/api/v1/users", first); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("the replaced session still works: %d", res.StatusCode)
		}
		if res := getWith(t, h, "/api/v1/users", second); res.StatusCode != http.StatusOK {
			t.Errorf("the new session does not work: %d", res.StatusCode)
		}
	})
}

func TestLogout_EndsTheSessionOnTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		ck := loginAs(t, h, asvc, auth.RoleAdmin)
		res := postForm(t, h, "/logout", nil, []*http.Cookie{ck})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		cleared := false
		for _, c := range res.Cookies() {
			cleared = cleared || (isSessionCookie(c.Name) && c.MaxAge < 0)
		}
		if !cleared {
			t.Error("logout did not clear the cookie")
		}
		// A copy of the old cookie, replayed, signs nobody in.
		page := getWith(t, h, "/admin/users", ck)
		if loc := page.Header.Get("Location"); page.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
			t.Errorf("protected page after logout: %d to %q, want a redirect to /login", page.StatusCode, loc)
		}
		if res := getWith(t, h, "/api/v1/users", ck); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("API after logout: %d, want 401", res.StatusCode)
		}
	})
}

func TestLogin_UnknownEmailAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		u := createTestUser(t, asvc, auth.RoleEditor)
		try := func(email string) (int, string) {
			res := postForm(t, h, "/login", url.Values{"email": {email}, "password": {"not the password at all"}}, nil)
			body := readAll(t, res.Body)
			// The form echoes the email back; everything else must match.
			return res.StatusCode, strings.ReplaceAll(body, email, "EMAIL")
		}
		s1, b1 := try(u.Email)
		s2, b2 := try("nobody-here@newsroom.example")
		if s1 != http.StatusUnauthorized || s1 != s2 {
			t.Errorf("statuses %d and %d, want 401 both", s1, s2)
		}
		// Request ids differ by design; compare the pages without them.
		if stripReqID(b1) != stripReqID(b2) {
			t.Errorf("bodies differ:\n%s\n---\n%s", b1, b2)
		}
	})
}

func stripReqID(s string) string {
	i := strings.Index(s, "request id")
	if i < 0 {
		return s
	}
	return s[:i]
}

func TestLogin_ThrottlesAnAccountEvenWithTheRightPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServerWith(t, db, auth.Options{AccountFailures: 3}, nil)
		u := createTestUser(t, asvc, auth.RoleEditor)
		for i := 0; i < 3; i++ {
			res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {"wrong wrong wrong"}}, nil)
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, res.StatusCode)
			}
		}
		res := postForm(t, h, "/login", url.Values{"email": {u.Email}, "password": {testPassword}}, nil)
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "too many failed logins") {
			t.Errorf("right password past the limit: %d, want 429 with the reason", res.StatusCode)
		}
		for _, c := range res.Cookies() {
			if isSessionCookie(c.Name) {
				t.Error("a throttled login set a session cookie")
			}
		}
	})
}

func TestLogin_LogsOutcomesWithoutUserText(t *testing.T) {
	db := storetest.SQLite(t)
	logs := &syncBuffer{}
	_, h, _, asvc := newTestServerWith(t, db, auth.Options{}, logs)
	u := createTestUser(t, asvc, auth.RoleEditor)
	forged := "x\nlevel=INFO msg=login user_id=1"
	postForm(t, h, "/login", url.Values{"email": {forged}, "password": {"hunter2 secret pw"}}, nil)
	loginWith(t, h, u.Email, testPassword)
	out := logs.String()
	if !strings.Contains(out, `msg="login failed"`) || !strings.Contains(out, "msg=login ") {
		t.Errorf("login outcomes not logged:\n%s", out)
	}
	if strings.Contains(out, "hunter2") || strings.Contains(out, testPassword) || strings.Contains(out, "\nlevel=INFO msg=login user_id=1\n") {
		t.Errorf("logs carry user text:\n%s", out)
	}
}

func TestClientAddr_BelievesForwardedForOnlyFromTrustedProxies(t *testing.T) {
	s := &Server{trustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	tests := []struct {
		name, peer, xff, want string
	}{
		{"direct client, header ignored", "203.0.113.5:4000", "198.51.100.1", "203.0.113.5"},
		{"via trusted proxy", "10.0.0.2:4000", "198.51.100.1", "198.51.100.1"},
		{"spoofed left entries ignored", "10.0.0.2:4000", "1.1.1.1, 198.51.100.1, 10.0.0.9", "198.51.100.1"},
		{"garbage from the proxy", "10.0.0.2:4000", "not-an-ip", "10.0.0.2"},
		{"no header behind a proxy", "10.0.0.2:4000", "", "10.0.0.2"},
		{"IPv6 peer", "[2001:db8::1]:443", "", "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/login", nil)
			req.RemoteAddr = tt.peer
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := s.trustedProxies.ClientAddr(req); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHTTPS_CookiesAreHostPrefixedAndHSTSIsSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, tt := range []struct {
			base, session, hsts string
		}{
			{"https://claims.example.org", "__Host-claimtrack_session", "max-age=63072000"},
			{"http://127.0.0.1:8080", "claimtrack_session", ""},
		} {
			asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
			h := New(Options{Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Auth: asvc, BaseURL: tt.base}).Handler()
			u := createTestUser(t, asvc, auth.RoleEditor)
			res := postLoginFrom(t, h, "198.51.100.7:4000", u.Email, testPassword)
			ck := cookieNamed(res, tt.session)
			if ck == nil {
				t.Fatalf("%s: login set cookies %v, want one named %s", tt.base, res.Cookies(), tt.session)
			}
			if strings.HasPrefix(ck.Name, httpx.HostPrefix) && (!ck.Secure || ck.Path != "/" || ck.Domain != "") {
				t.Errorf("%s: %+v breaks the __Host- rules (Secure, Path=/, no Domain)", tt.base, ck)
			}
			for _, c := range res.Cookies() {
				if strings.HasPrefix(tt.base, "https") && !strings.HasPrefix(c.Name, httpx.HostPrefix) {
					t.Errorf("%s: cookie %s lacks the __Host- prefix", tt.base, c.Name)
				}
			}
			// The cookie signs the browser in; the other name does not.
			if res := getWith(t, h, "/editor", ck); res.StatusCode != http.StatusOK {
				t.Errorf("%s: /editor with the cookie: %d", tt.base, res.StatusCode)
			}
			renamed := &http.Cookie{Name: strings.TrimPrefix(ck.Name, httpx.HostPrefix), Value: ck.Value}
			if renamed.Name != ck.Name {
				if res := getWith(t, h, "/editor", renamed); res.StatusCode != http.StatusSeeOther {
					t.Errorf("%s: the session under the unprefixed name: %d, want a redirect to sign in", tt.base, res.StatusCode)
				}
			}
			for _, path := range []string{"/", "/login", "/api/v1/stories", "/healthz"} {
				if got := getWith(t, h, path).Header.Get("Strict-Transport-Security"); got != tt.hsts {
					t.Errorf("%s%s: Strict-Transport-Security %q, want %q", tt.base, path, got, tt.hsts)
				}
			}
		}
	})
}
