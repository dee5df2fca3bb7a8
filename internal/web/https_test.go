package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
)

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
