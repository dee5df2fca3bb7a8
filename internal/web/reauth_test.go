package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/account"
)

// newClockedServer is a server with accounts whose clock the test moves.
func newClockedServer(t *testing.T, db *store.DB) (http.Handler, *auth.Service, *clocktest.Clock) {
	t.Helper()
	clk := clocktest.New(time.Now().UTC())
	asvc := auth.NewService(db, clk.Now, auth.Options{Hasher: fastHasher})
	srv := New(Options{Service: claims.NewService(db, claims.DefaultVocabulary(), clk.Now), Auth: asvc,
		BaseURL: "https://claims.example.org", Now: clk.Now})
	return srv.Handler(), asvc, clk
}

func TestAdmin_AsksForThePasswordAgainBeforeUserAdministrationAndKeepsTheForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h, asvc, clk := newClockedServer(t, db)
		admin := createTestUser(t, asvc, auth.RoleAdmin)
		cookie := loginWith(t, h, admin.Email, testPassword)

		// Just signed in: no question.
		if res := getWith(t, h, "/admin/users", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /admin/users after login: %d", res.StatusCode)
		}
		clk.Advance(auth.DefaultReauthWindow + time.Second)

		// A page asks, and comes back after the password.
		res := getWith(t, h, "/admin/users", cookie)
		page := readAll(t, res.Body)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "Confirm your password") {
			t.Fatalf("GET /admin/users ten minutes later: %d, want the password asked for", res.StatusCode)
		}
		res = postForm(t, h, "/reauth", url.Values{"next": {"/admin/users"}, account.ReauthField: {testPassword}}, []*http.Cookie{cookie})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/users" {
			t.Fatalf("POST /reauth: %d to %q, want 303 back to /admin/users", res.StatusCode, res.Header.Get("Location"))
		}
		if res := getWith(t, h, "/admin/users", cookie); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /admin/users after the password: %d", res.StatusCode)
		}

		// A form sent later is held, with what was typed, until the
		// password comes; a wrong one changes nothing.
		clk.Advance(auth.DefaultReauthWindow + time.Second)
		form := url.Values{"email": {"new.editor@newsroom.example"}, "name": {"New Editor"}, "role": {"editor"}, "password": {"a fine long passphrase here"}}
		res = postForm(t, h, "/admin/users", form, []*http.Cookie{cookie})
		page = readAll(t, res.Body)
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(page, `value="new.editor@newsroom.example"`) {
			t.Fatalf("POST /admin/users later: %d, want the password asked with the form kept; body:\n%s", res.StatusCode, page)
		}
		if _, err := asvc.UserByEmail(t.Context(), "new.editor@newsroom.example"); !claims.IsNotFound(err) {
			t.Fatalf("the user was created without the password: %v", err)
		}
		form.Set(account.ReauthField, "not my password")
		if res := postForm(t, h, "/admin/users", form, []*http.Cookie{cookie}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("with a wrong password: %d, want 401", res.StatusCode)
		}
		form.Set(account.ReauthField, testPassword)
		res = postForm(t, h, "/admin/users", form, []*http.Cookie{cookie})
		if res.StatusCode >= 400 {
			t.Fatalf("with the password: %d", res.StatusCode)
		}
		if _, err := asvc.UserByEmail(t.Context(), "new.editor@newsroom.example"); err != nil {
			t.Fatalf("the user after the password: %v", err)
		}
	})
}

func TestSession_AdminSessionUnusedForAnHourEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h, asvc, clk := newClockedServer(t, db)
		admin := createTestUser(t, asvc, auth.RoleAdmin)
		editor := createTestUser(t, asvc, auth.RoleEditor)
		ac, ec := loginWith(t, h, admin.Email, testPassword), loginWith(t, h, editor.Email, testPassword)
		clk.Advance(auth.DefaultAdminSessionIdle)
		if res := getWith(t, h, "/editor", ac); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("the admin after an hour idle: %d to %q, want sent to sign in", res.StatusCode, res.Header.Get("Location"))
		}
		if res := getWith(t, h, "/editor", ec); res.StatusCode != http.StatusOK {
			t.Errorf("the editor after an hour idle: %d, want still signed in", res.StatusCode)
		}
	})
}
