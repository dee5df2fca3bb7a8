package auth_test

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestSetup_CreatesTheFirstAdminOnceWithAOneTimeToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		older, err := f.svc.SetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		token, err := f.svc.SetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if token == older {
			t.Fatal("two setup tokens are the same")
		}

		_, err = f.svc.CompleteSetup(ctx, "wrong", "admin@newsroom.example", "Ada Admin", goodPassword)
		wantCode(t, err, claims.EUNAUTHORIZED)
		// A refused password does not burn the token.
		_, err = f.svc.CompleteSetup(ctx, token, "admin@newsroom.example", "Ada Admin", "password123456")
		wantCode(t, err, claims.EINVALID)

		admin, err := f.svc.CompleteSetup(ctx, token, "Admin@Newsroom.example", "Ada Admin", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if admin.Role != auth.RoleAdmin || admin.Email != "admin@newsroom.example" || !admin.IsAdmin() {
			t.Errorf("first admin = %+v", admin)
		}
		f.mustLogin(t, admin.Email, goodPassword, "")

		for _, tok := range []string{token, older} {
			_, err = f.svc.CompleteSetup(ctx, tok, "second@newsroom.example", "Second", goodPassword)
			wantCode(t, err, claims.EFORBIDDEN)
		}
		_, err = f.svc.SetupToken(ctx)
		wantCode(t, err, claims.EFORBIDDEN)
		if n, _ := f.svc.UserCount(ctx); n != 1 {
			t.Errorf("UserCount = %d, want 1", n)
		}
	})
}

func TestSetup_TokenExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		token, err := f.svc.SetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(auth.DefaultSetupTokenTTL)
		_, err = f.svc.CompleteSetup(ctx, token, "admin@newsroom.example", "Ada Admin", goodPassword)
		wantCode(t, err, claims.EUNAUTHORIZED)
	})
}
