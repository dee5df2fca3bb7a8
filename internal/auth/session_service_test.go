package auth_test

import (
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestLogin_OpensASessionThatIdentifiesTheUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)

		sess, got, err := f.svc.Login(ctx, " JANE@Newsroom.example", goodPassword, "198.51.100.7")
		if err != nil {
			t.Fatal(err)
		}
		if *got != *u {
			t.Errorf("Login user = %+v, want %+v", got, u)
		}
		// 32 random bytes in unpadded base64url: 256 bits.
		if len(sess.Token) != 43 {
			t.Errorf("session token %q has %d characters, want 43", sess.Token, len(sess.Token))
		}
		if want := f.svc.Now().Add(auth.DefaultSessionTTL); !sess.ExpiresAt.Equal(want) {
			t.Errorf("ExpiresAt = %v, want %v", sess.ExpiresAt, want)
		}
		who, stored, err := f.svc.SessionUser(ctx, sess.Token)
		if err != nil {
			t.Fatal(err)
		}
		if *who != *u || stored.ID != sess.ID || stored.Token != "" {
			t.Errorf("SessionUser = %+v, %+v; want %+v and session %d without its token", who, stored, u, sess.ID)
		}
	})
}

func TestLogin_UnknownEmailAndWrongPasswordLookAliveAndCostOneHash(t *testing.T) {
	tests := []struct {
		name, email, password string
	}{
		{"wrong password", "jane@newsroom.example", "not the password at all"},
		{"unknown email", "nobody@newsroom.example", "not the password at all"},
		{"unknown email with the right password", "nobody@newsroom.example", goodPassword},
		{"empty email", "", goodPassword},
		{"password longer than 72 bytes starting with the right one", "jane@newsroom.example",
			goodPassword + "................................................."},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{AccountFailures: 100})
		f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		var first *claims.Error
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.hasher.compares.Load()
				_, _, err := f.svc.Login(t.Context(), tt.email, tt.password, "")
				wantCode(t, err, claims.EUNAUTHORIZED)
				e := err.(*claims.Error)
				if first == nil {
					first = e
				}
				if e.Message != first.Message || e.Message != "wrong email or password" {
					t.Errorf("message = %q, want %q for every failure", e.Message, "wrong email or password")
				}
				if n := f.hasher.compares.Load() - before; n != 1 {
					t.Errorf("password hashes computed = %d, want 1", n)
				}
			})
		}
	})
}

func TestLogin_ThrottleIsHeldInTheDatabaseAcrossInstances(t *testing.T) {
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			// Two instances: two connections to one database, two services.
			a := newFixture(t, openStore(t, dsn), auth.Options{AccountFailures: 3})
			b := a.instance(t, openStore(t, dsn), auth.Options{AccountFailures: 3})
			u := a.mustUser(t, "jane@newsroom.example", auth.RoleEditor)

			for i := range 3 {
				_, _, err := a.svc.Login(ctx, u.Email, "a wrong guess number "+string(rune('a'+i)), "")
				wantCode(t, err, claims.EUNAUTHORIZED)
			}
			hashes := b.hasher.compares.Load()
			_, _, err := b.svc.Login(ctx, u.Email, goodPassword, "")
			wantCode(t, err, claims.ERATELIMITED)
			if b.hasher.compares.Load() != hashes {
				t.Error("a throttled login computed a password hash")
			}
			// Being refused again and again does not extend the lock.
			a.clock.Advance(auth.DefaultThrottleWindow - time.Microsecond)
			_, _, err = a.svc.Login(ctx, u.Email, goodPassword, "")
			wantCode(t, err, claims.ERATELIMITED)

			a.clock.Advance(time.Microsecond)
			if _, _, err := b.svc.Login(ctx, u.Email, goodPassword, ""); err != nil {
				t.Fatalf("login once the window has passed: %v", err)
			}
		})
	}
}

func TestLogin_ThrottlesEachClientAddressAcrossAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{AddressFailures: 4})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		for _, email := range []string{"a@newsroom.example", "b@newsroom.example", "c@newsroom.example", "d@newsroom.example"} {
			_, _, err := f.svc.Login(ctx, email, goodPassword, "203.0.113.9")
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		_, _, err := f.svc.Login(ctx, u.Email, goodPassword, "203.0.113.9")
		wantCode(t, err, claims.ERATELIMITED)
		if _, _, err := f.svc.Login(ctx, u.Email, goodPassword, "198.51.100.7"); err != nil {
			t.Errorf("login from another address: %v", err)
		}
	})
}

func TestLogin_SuccessForgivesTheAccountsEarlierFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Three tries per window: two typos and then the right password,
		// twice over, works only if the success wiped the typos.
		f := newFixture(t, db, auth.Options{AccountFailures: 3})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		for range 2 {
			for range 2 {
				_, _, err := f.svc.Login(ctx, u.Email, "a typo in the password", "")
				wantCode(t, err, claims.EUNAUTHORIZED)
			}
			f.mustLogin(t, u.Email, goodPassword, "")
		}
	})
}

func TestSession_NewTokenPerLoginAndLogoutEndsOnlyThatSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		first := f.mustLogin(t, u.Email, goodPassword, "")
		second := f.mustLogin(t, u.Email, goodPassword, "")
		if first.Token == second.Token || first.ID == second.ID {
			t.Fatalf("two logins share a session: %q and %q", first.Token, second.Token)
		}

		if err := f.svc.Logout(ctx, first.Token); err != nil {
			t.Fatal(err)
		}
		_, _, err := f.svc.SessionUser(ctx, first.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		if _, _, err := f.svc.SessionUser(ctx, second.Token); err != nil {
			t.Errorf("the other session after logout: %v", err)
		}
		// Logging out twice, or with nothing, is harmless.
		if err := f.svc.Logout(ctx, first.Token); err != nil {
			t.Errorf("second logout: %v", err)
		}
		if err := f.svc.Logout(ctx, "no such session"); err != nil {
			t.Errorf("logout of an unknown session: %v", err)
		}
	})
}

func TestSessionUser_RefusesUnknownAndExpiredSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// No idle timeout before the expiry: this is about the expiry.
		f := newFixture(t, db, auth.Options{SessionIdle: auth.DefaultSessionTTL})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		sess := f.mustLogin(t, u.Email, goodPassword, "")
		for _, token := range []string{"", "made up", sess.Token + "x"} {
			_, _, err := f.svc.SessionUser(ctx, token)
			wantCode(t, err, claims.EUNAUTHORIZED)
		}
		f.clock.Advance(auth.DefaultSessionTTL - time.Microsecond)
		if _, _, err := f.svc.SessionUser(ctx, sess.Token); err != nil {
			t.Fatalf("session just before it expires: %v", err)
		}
		f.clock.Advance(time.Microsecond)
		_, _, err := f.svc.SessionUser(ctx, sess.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
}

func TestLogin_SimultaneousGuessesCountEachOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const limit, guesses = 3, 8
		f := newFixture(t, db, auth.Options{AccountFailures: limit})
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)

		codes := make(chan string, guesses)
		var wg sync.WaitGroup
		for i := range guesses {
			wg.Go(func() {
				_, _, err := f.svc.Login(t.Context(), u.Email, fmt.Sprintf("guess number %d", i), "")
				codes <- claims.ErrorCode(err)
			})
		}
		wg.Wait()
		close(codes)
		count := map[string]int{}
		for c := range codes {
			count[c]++
		}
		want := map[string]int{claims.EUNAUTHORIZED: limit, claims.ERATELIMITED: guesses - limit}
		if !maps.Equal(count, want) {
			t.Errorf("answers to %d simultaneous guesses = %v, want %v", guesses, count, want)
		}
	})
}
