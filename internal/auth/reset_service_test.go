package auth_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// mustResetToken asks for a reset for email and returns the token the mail
// would carry, failing unless one is owed to the user with that email.
func (f *fixture) mustResetToken(t *testing.T, email string) string {
	t.Helper()
	u, err := f.svc.RequestPasswordReset(t.Context(), email, "")
	if err != nil {
		t.Fatalf("RequestPasswordReset(%s): %v", email, err)
	}
	if u == nil || u.Email != auth.NormalizeEmail(email) {
		t.Fatalf("RequestPasswordReset(%s) = %+v; want that user", email, u)
	}
	token, _, err := f.svc.IssuePasswordReset(t.Context(), u.ID, f.clock.Now())
	if err != nil || token == "" {
		t.Fatalf("IssuePasswordReset(%s) = %q, %v; want a token", email, token, err)
	}
	return token
}

// wantLinkRefused fails t unless err is the expired-or-used link answer.
func wantLinkRefused(t *testing.T, err error) {
	t.Helper()
	wantCode(t, err, claims.EINVALID)
	if msg := claims.ErrorMessage(err); msg != "this link has expired or was already used" {
		t.Fatalf("message = %q, want the expired-or-used answer", msg)
	}
}

func TestResetPassword_LinkSetsThePasswordOnceAndEndsEverySession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "fact@newsroom.example", auth.RoleEditor)
		desk := f.mustLogin(t, u.Email, goodPassword, "")
		phone := f.mustLogin(t, u.Email, goodPassword, "")

		token := f.mustResetToken(t, "  Fact@Newsroom.example ")
		if len(token) < 22 { // 128 bits in base64url
			t.Fatalf("token %q is shorter than 128 bits", token)
		}
		// Showing the form does not use the link up.
		for range 2 {
			got, err := f.svc.CheckPasswordReset(ctx, token)
			if err != nil || got.ID != u.ID {
				t.Fatalf("CheckPasswordReset = %+v, %v; want user %d", got, err, u.ID)
			}
		}
		got, err := f.svc.ResetPassword(ctx, token, otherPassword, false)
		if err != nil || got.ID != u.ID {
			t.Fatalf("ResetPassword = %+v, %v", got, err)
		}

		for _, sess := range []*auth.Session{desk, phone} {
			if _, _, err := f.svc.SessionUser(ctx, sess.Token); claims.ErrorCode(err) != claims.EUNAUTHORIZED {
				t.Errorf("session after reset: err = %v, want it ended", err)
			}
		}
		_, _, err = f.svc.Login(ctx, u.Email, goodPassword, "")
		wantCode(t, err, claims.EUNAUTHORIZED)
		f.mustLogin(t, u.Email, otherPassword, "")

		_, err = f.svc.ResetPassword(ctx, token, "yet another lengthy passphrase", false)
		wantLinkRefused(t, err)
		_, err = f.svc.CheckPasswordReset(ctx, token)
		wantLinkRefused(t, err)
		f.mustLogin(t, u.Email, otherPassword, "")
	})
}

func TestResetPassword_LinkExpiresAfterOneHour(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "late@newsroom.example", auth.RoleEditor)
		token := f.mustResetToken(t, u.Email)
		early := f.mustResetToken(t, u.Email)

		f.clock.Advance(auth.ResetTokenTTL - time.Second)
		if _, err := f.svc.CheckPasswordReset(ctx, token); err != nil {
			t.Fatalf("a second before the hour: %v", err)
		}
		f.clock.Advance(time.Second)
		_, err := f.svc.CheckPasswordReset(ctx, token)
		wantLinkRefused(t, err)
		_, err = f.svc.ResetPassword(ctx, early, otherPassword, false)
		wantLinkRefused(t, err)
		f.mustLogin(t, u.Email, goodPassword, "")
	})
}

func TestResetPassword_UsingOneLinkBurnsTheUsersOtherLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "twice@newsroom.example", auth.RoleEditor)
		other := f.mustUser(t, "bystander@newsroom.example", auth.RoleEditor)
		first := f.mustResetToken(t, u.Email)
		second := f.mustResetToken(t, u.Email)
		bystander := f.mustResetToken(t, other.Email)

		// An earlier request's link still works after a newer one.
		if _, err := f.svc.ResetPassword(ctx, first, otherPassword, false); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.ResetPassword(ctx, second, "yet another lengthy passphrase", false)
		wantLinkRefused(t, err)
		if _, err := f.svc.CheckPasswordReset(ctx, bystander); err != nil {
			t.Errorf("another user's link: %v, want it still valid", err)
		}
	})
}

func TestResetPassword_WeakPasswordIsRefusedAndKeepsTheLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "weak@newsroom.example", auth.RoleEditor)
		sess := f.mustLogin(t, u.Email, goodPassword, "")
		token := f.mustResetToken(t, u.Email)

		_, err := f.svc.ResetPassword(ctx, token, "password123456", false)
		wantCode(t, err, claims.EINVALID)
		var ce *claims.Error
		if !errors.As(err, &ce) || ce.Fields["password"] == "" {
			t.Fatalf("weak password error %v names no password field", err)
		}
		if _, _, err := f.svc.SessionUser(ctx, sess.Token); err != nil {
			t.Errorf("a refused reset ended the session: %v", err)
		}
		if _, err := f.svc.ResetPassword(ctx, token, otherPassword, false); err != nil {
			t.Fatalf("the link after a refused password: %v", err)
		}
	})
}

func TestRequestPasswordReset_UnknownOrDisabledAddressGetsNoToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		f.mustUser(t, "admin@newsroom.example", auth.RoleAdmin)
		gone := f.mustUser(t, "gone@newsroom.example", auth.RoleEditor)
		token := f.mustResetToken(t, gone.Email)
		if err := f.svc.DisableUser(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}

		for _, email := range []string{"nobody@newsroom.example", gone.Email} {
			u, err := f.svc.RequestPasswordReset(ctx, email, "203.0.113.9")
			if u != nil || err != nil {
				t.Errorf("RequestPasswordReset(%s) = %+v, %v; want nothing", email, u, err)
			}
		}
		// A link sent before the account was disabled no longer works.
		_, err := f.svc.ResetPassword(ctx, token, otherPassword, false)
		wantLinkRefused(t, err)

		_, err = f.svc.RequestPasswordReset(ctx, "not an address", "")
		wantCode(t, err, claims.EINVALID)
		_, err = f.svc.ResetPassword(ctx, "made-up", otherPassword, false)
		wantLinkRefused(t, err)
	})
}

func TestRequestPasswordReset_LimitsRequestsPerEmailAndPerClientForAnHour(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "busy@newsroom.example", auth.RoleEditor)

		// Per email, whichever client asks.
		for i := range auth.ResetRequestsPerEmail {
			if _, err := f.svc.RequestPasswordReset(ctx, u.Email, fmt.Sprintf("198.51.100.%d", i)); err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
		}
		_, err := f.svc.RequestPasswordReset(ctx, u.Email, "198.51.100.200")
		wantCode(t, err, claims.ERATELIMITED)

		// Per client, whatever email it names, known or not.
		for i := range auth.ResetRequestsPerAddress {
			if _, err := f.svc.RequestPasswordReset(ctx, fmt.Sprintf("guess%d@newsroom.example", i), "203.0.113.7"); err != nil {
				t.Fatalf("client request %d: %v", i+1, err)
			}
		}
		_, err = f.svc.RequestPasswordReset(ctx, "guess-last@newsroom.example", "203.0.113.7")
		wantCode(t, err, claims.ERATELIMITED)

		f.clock.Advance(auth.ResetWindow)
		f.mustResetToken(t, u.Email)
		if _, err := f.svc.RequestPasswordReset(ctx, "guess-again@newsroom.example", "203.0.113.7"); err != nil {
			t.Fatalf("an hour later the client is refused: %v", err)
		}
	})
}

func TestResetPassword_ForgivesFailedLoginsSoTheUserCanSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "locked@newsroom.example", auth.RoleEditor)
		for range auth.DefaultAccountFailures {
			_, _, _ = f.svc.Login(ctx, u.Email, "not it at all", "")
		}
		_, _, err := f.svc.Login(ctx, u.Email, goodPassword, "")
		wantCode(t, err, claims.ERATELIMITED)

		token := f.mustResetToken(t, u.Email)
		if _, err := f.svc.ResetPassword(ctx, token, otherPassword, false); err != nil {
			t.Fatal(err)
		}
		f.mustLogin(t, u.Email, otherPassword, "")
	})
}

func TestResetPassword_SimultaneousUsesOfOneLinkOnOtherInstancesSetOnePassword(t *testing.T) {
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newFixture(t, openStore(t, dsn), auth.Options{})
			b := a.instance(t, openStore(t, dsn), auth.Options{})
			u := a.mustUser(t, "race@newsroom.example", auth.RoleEditor)
			token := a.mustResetToken(t, u.Email)

			passwords := []string{otherPassword, "yet another lengthy passphrase"}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			for i, f := range []*fixture{a, b} {
				wg.Go(func() { _, errs[i] = f.svc.ResetPassword(t.Context(), token, passwords[i], false) })
			}
			wg.Wait()

			winner := -1
			for i, err := range errs {
				switch {
				case err == nil && winner < 0:
					winner = i
				case err == nil:
					t.Fatal("both simultaneous resets with one link succeeded")
				default:
					wantLinkRefused(t, err)
				}
			}
			if winner < 0 {
				t.Fatalf("neither reset succeeded: %v", errs)
			}
			a.mustLogin(t, u.Email, passwords[winner], "")
		})
	}
}
