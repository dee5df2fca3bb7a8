package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
)

func TestAddrGroup_GroupsIPv6ByItsSlash64(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"198.51.100.7", "198.51.100.7"},
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"::1", "::/64"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := httpx.AddrGroup(tt.addr); got != tt.want {
			t.Errorf("httpx.AddrGroup(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// v6 returns the n-th address of a /64 of the documentation range, as one
// client rotating through its own block would use.
func v6(block, n int) string { return fmt.Sprintf("[2001:db8:%x::%x]:4000", block, n+1) }

func TestLogin_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServerWith(t, db, auth.Options{AddressFailures: 4}, nil)
		u := createTestUser(t, asvc, auth.RoleEditor)
		for i := range 4 {
			res := postLoginFrom(t, h, v6(1, i), fmt.Sprintf("nobody%d@newsroom.example", i), "a wrong guess")
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d, want 401", i, res.StatusCode)
			}
		}
		if res := postLoginFrom(t, h, v6(1, 99), u.Email, testPassword); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a fifth address of the same /64: %d, want 429", res.StatusCode)
		}
		if res := postLoginFrom(t, h, v6(2, 0), u.Email, testPassword); res.StatusCode != http.StatusSeeOther {
			t.Errorf("another /64: %d, want 303", res.StatusCode)
		}
	})
}

func TestSubscription_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		follow := func(addr string, i int) int {
			form := url.Values{"email": {fmt.Sprintf("reader%d@example.org", i)}, "story_slug": {a.story.Slug}}
			req := httptest.NewRequest(http.MethodPost, "/subscriptions", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", testOrigin)
			req.RemoteAddr = addr
			return serve(a.h, req).StatusCode
		}
		for i := range 30 {
			if got := follow(v6(1, i), i); got != http.StatusOK {
				t.Fatalf("request %d: %d, want 200", i, got)
			}
		}
		if got := follow(v6(1, 30), 30); got != http.StatusTooManyRequests {
			t.Errorf("a 31st address of the same /64: %d, want 429", got)
		}
		if got := follow(v6(2, 0), 31); got != http.StatusOK {
			t.Errorf("another /64: %d, want 200", got)
		}
	})
}

func TestLookup_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		h := f.srv.Handler()
		lookup := func(addr string) *http.Response {
			req := httptest.NewRequest(http.MethodGet, "/lookup?url="+url.QueryEscape("https://news.example.com/audio"), nil)
			req.RemoteAddr = addr
			return serve(h, req)
		}
		for i := range reader.LookupsPerMinute {
			if res := lookup(v6(1, i)); res.StatusCode != http.StatusOK {
				t.Fatalf("lookup %d: %d, want 200", i, res.StatusCode)
			}
		}
		res := lookup(v6(1, reader.LookupsPerMinute))
		if body := readAll(t, res.Body); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "too many lookups") {
			t.Errorf("one lookup past the limit from the same /64: %d, want 429 saying so", res.StatusCode)
		}
		if res := lookup(v6(2, 0)); res.StatusCode != http.StatusOK {
			t.Errorf("another /64: %d, want 200", res.StatusCode)
		}
		f.clock.Advance(time.Minute)
		if res := lookup(v6(1, 0)); res.StatusCode != http.StatusOK {
			t.Errorf("a minute later: %d, want 200", res.StatusCode)
		}
	})
}
