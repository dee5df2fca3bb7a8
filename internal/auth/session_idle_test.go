package auth_test

import (
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestSessionUser_IdleSessionsEndAndAdminsIdleOutSooner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		editor := f.mustUser(t, "ed@newsroom.example", auth.RoleEditor)
		admin := f.mustUser(t, "admin@newsroom.example", auth.RoleAdmin)
		ed := f.mustLogin(t, editor.Email, goodPassword, "")
		ad := f.mustLogin(t, admin.Email, goodPassword, "")

		// Used every 50 minutes, both stay signed in for a day.
		for range 30 {
			f.clock.Advance(50 * time.Minute)
			for _, s := range []*auth.Session{ed, ad} {
				if _, _, err := f.svc.SessionUser(ctx, s.Token); err != nil {
					t.Fatalf("a session used every 50 minutes, after %v: %v", f.svc.Now().Sub(s.CreatedAt), err)
				}
			}
		}
		// An hour unused ends the admin's session, not the editor's.
		f.clock.Advance(auth.DefaultAdminSessionIdle)
		_, _, err := f.svc.SessionUser(ctx, ad.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		if _, _, err := f.svc.SessionUser(ctx, ed.Token); err != nil {
			t.Fatalf("the editor's session after an hour unused: %v", err)
		}
		// Ended for good: using it again does not revive it.
		_, _, err = f.svc.SessionUser(ctx, ad.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)

		f.clock.Advance(auth.DefaultSessionIdle)
		_, _, err = f.svc.SessionUser(ctx, ed.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
}

func TestVerifyPassword_RecordsARecentPasswordAndEndsTheSessionAfterGuesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		admin := f.mustUser(t, "admin@newsroom.example", auth.RoleAdmin)
		tok := f.mustLogin(t, admin.Email, goodPassword, "").Token
		_, sess, err := f.svc.SessionUser(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if !f.svc.RecentlyVerified(sess) {
			t.Fatal("a fresh login is not a recent password")
		}
		f.clock.Advance(auth.DefaultReauthWindow)
		_, sess, _ = f.svc.SessionUser(ctx, tok)
		if f.svc.RecentlyVerified(sess) {
			t.Fatal("a password typed ten minutes ago still counts as recent")
		}
		wantCode(t, f.svc.VerifyPassword(ctx, sess, admin, "not it"), claims.EINVALID)
		if err := f.svc.VerifyPassword(ctx, sess, admin, goodPassword); err != nil {
			t.Fatal(err)
		}
		// Read back, as the next request would.
		if _, sess, err = f.svc.SessionUser(ctx, tok); err != nil || !f.svc.RecentlyVerified(sess) {
			t.Fatalf("after typing the password again: %v, recent %v", err, err == nil && f.svc.RecentlyVerified(sess))
		}

		for range auth.DefaultAccountFailures {
			wantCode(t, f.svc.VerifyPassword(ctx, sess, admin, "a guess"), claims.EINVALID)
		}
		wantCode(t, f.svc.VerifyPassword(ctx, sess, admin, goodPassword), claims.EUNAUTHORIZED)
		_, _, err = f.svc.SessionUser(ctx, tok)
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
}
