package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/account"
)

// postLoginFrom posts the login form from a client address with cookies.
func postLoginFrom(t *testing.T, h http.Handler, addr, email, password string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", testOrigin)
	req.RemoteAddr = addr
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return serve(h, req)
}

func cookieNamed(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name && c.Value != "" {
			return c
		}
	}
	return nil
}

func TestLogin_StrangersGuessingDoNotKeepTheOwnerOutAndTheOwnerIsMailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h, asvc, smtpSrv, _ := newMailServerWith(t, db, auth.Options{AccountCeiling: 3})
		u := createTestUser(t, asvc, auth.RoleEditor)

		res := postLoginFrom(t, h, "198.51.100.7:4000", u.Email, testPassword)
		device := cookieNamed(res, httpx.HostPrefix+account.DeviceCookie)
		if res.StatusCode != http.StatusSeeOther || device == nil || !device.HttpOnly || !device.Secure {
			t.Fatalf("first login: %d, device cookie %+v; want 303 and an HttpOnly, Secure device cookie", res.StatusCode, device)
		}
		// Six anonymous tries from six addresses, as in the review.
		for i := range 6 {
			postLoginFrom(t, h, fmt.Sprintf("203.0.113.%d:4000", i+1), u.Email, "a wrong guess")
		}
		if res := postLoginFrom(t, h, "198.51.100.7:4001", u.Email, testPassword); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password from a browser without the device cookie: %d, want 429", res.StatusCode)
		}
		res = postLoginFrom(t, h, "198.51.100.7:4001", u.Email, testPassword, device)
		if res.StatusCode != http.StatusSeeOther || cookieNamed(res, httpx.HostPrefix+httpx.SessionCookie) == nil {
			t.Errorf("right password with the device cookie: %d, want 303 with a session", res.StatusCode)
		}

		msg := smtpSrv.WaitFor(t, 1)[0]
		if len(msg.To) != 1 || msg.To[0] != u.Email {
			t.Errorf("throttle notice to %v, want %s", msg.To, u.Email)
		}
		text, err := msg.Text()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "many wrong passwords") {
			t.Errorf("notice text:\n%s", text)
		}
	})
}
