package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestToken_AuthenticatesUntilRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		plain, tok, err := f.svc.CreateToken(ctx, u.ID, "  desk laptop ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, auth.TokenPrefix) || len(plain) != len(auth.TokenPrefix)+43 {
			t.Errorf("token %q: want %q and 256 random bits", plain, auth.TokenPrefix)
		}
		if tok.Name != "desk laptop" || tok.UserID != u.ID || tok.LastUsedAt != nil || tok.RevokedAt != nil {
			t.Errorf("created token = %+v", tok)
		}

		f.clock.Advance(time.Hour)
		who, err := f.svc.TokenUser(ctx, plain)
		if err != nil || *who != *u {
			t.Fatalf("TokenUser = %+v, %v; want %+v", who, err, u)
		}
		tokens, err := f.svc.ListTokens(ctx, u.ID)
		if err != nil || len(tokens) != 1 || tokens[0].LastUsedAt == nil || !tokens[0].LastUsedAt.Equal(f.svc.Now()) {
			t.Fatalf("ListTokens = %+v, %v; want last used at %v", tokens, err, f.svc.Now())
		}

		for _, bad := range []string{"", "ct_", plain[:len(plain)-1], strings.TrimPrefix(plain, auth.TokenPrefix)} {
			_, err := f.svc.TokenUser(ctx, bad)
			wantCode(t, err, claims.EUNAUTHORIZED)
		}

		if err := f.svc.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.TokenUser(ctx, plain)
		wantCode(t, err, claims.EUNAUTHORIZED)
		got, err := f.svc.TokenByID(ctx, tok.ID)
		if err != nil || got.RevokedAt == nil {
			t.Errorf("TokenByID after revoke = %+v, %v; want it revoked", got, err)
		}
		if err := f.svc.RevokeToken(ctx, tok.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
		wantCode(t, f.svc.RevokeToken(ctx, 9999), claims.ENOTFOUND)
	})
}

func TestCreateToken_ListsNewestFirstPerUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		jane := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		sam := f.mustUser(t, "sam@newsroom.example", auth.RoleEditor)
		for _, name := range []string{"first", "second"} {
			if _, _, err := f.svc.CreateToken(ctx, jane.ID, name); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := f.svc.CreateToken(ctx, sam.ID, ""); err != nil {
			t.Fatal(err)
		}
		tokens, err := f.svc.ListTokens(ctx, jane.ID)
		if err != nil || len(tokens) != 2 || tokens[0].Name != "second" || tokens[1].Name != "first" {
			t.Errorf("ListTokens(jane) = %+v, %v; want second, first", tokens, err)
		}
		tokens, err = f.svc.ListTokens(ctx, sam.ID)
		if err != nil || len(tokens) != 1 || tokens[0].Name != "API token" {
			t.Errorf("ListTokens(sam) = %+v, %v; want one named %q", tokens, err, "API token")
		}
		_, _, err = f.svc.CreateToken(ctx, 9999, "x")
		wantCode(t, err, claims.ENOTFOUND)
		_, _, err = f.svc.CreateToken(ctx, jane.ID, "bad\nname")
		wantCode(t, err, claims.EINVALID)
	})
}
