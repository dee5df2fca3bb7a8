package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestAccountTokens_OwnersSeeAndRevokeTheirOwnTokensOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServer(t, db)
		ctx := t.Context()
		jane, joe := createTestUser(t, asvc, auth.RoleEditor), createTestUser(t, asvc, auth.RoleEditor)
		janeSecret, janeTok := must3(asvc.CreateToken(ctx, jane.ID, "newsroom-bot"))(t)
		_, joeTok := must3(asvc.CreateToken(ctx, joe.ID, "joes-laptop"))(t)
		cookie := loginWith(t, h, jane.Email, testPassword)

		res := getWith(t, h, "/account/tokens", cookie)
		page := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(page, "newsroom-bot") || strings.Contains(page, "joes-laptop") ||
			strings.Contains(page, janeSecret) {
			t.Fatalf("GET /account/tokens: %d; want jane's token listed by name only:\n%s", res.StatusCode, page)
		}
		if !strings.Contains(readAll(t, getWith(t, h, "/editor", cookie).Body), `href="/account/tokens"`) {
			t.Error("the editor bar does not link to the tokens page")
		}
		// Someone else's token is not found, and keeps working.
		if res := postForm(t, h, fmt.Sprintf("/account/tokens/%d/revoke", joeTok.ID), nil, []*http.Cookie{cookie}); res.StatusCode != http.StatusNotFound {
			t.Errorf("revoking another user's token: %d, want 404", res.StatusCode)
		}
		res = postForm(t, h, fmt.Sprintf("/account/tokens/%d/revoke", janeTok.ID), nil, []*http.Cookie{cookie})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoking her own token: %d, want 303", res.StatusCode)
		}
		if _, err := asvc.TokenUser(ctx, janeSecret); claims.ErrorCode(err) != claims.EUNAUTHORIZED {
			t.Errorf("the revoked token still works: %v", err)
		}
		if toks := must(asvc.ListTokens(ctx, joe.ID))(t); toks[0].RevokedAt != nil {
			t.Error("joe's token was revoked")
		}
	})
}

func TestPasswordReset_OffersToRevokeTheAccountsAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		h, asvc, _, _ := newMailServer(t, db)
		ctx := t.Context()
		for _, revoke := range []bool{true, false} {
			u := createTestUser(t, asvc, auth.RoleEditor)
			secret, _ := must3(asvc.CreateToken(ctx, u.ID, "bot"))(t)
			must(asvc.RequestPasswordReset(ctx, u.Email, ""))(t)
			token, _ := must3(asvc.IssuePasswordReset(ctx, u.ID, time.Now()))(t)
			page := readAll(t, getWith(t, h, "/password/reset/"+token).Body)
			if !strings.Contains(page, `name="revoke_tokens"`) {
				t.Fatalf("the reset form does not offer to revoke API tokens:\n%s", page)
			}
			form := map[string][]string{"password": {"a brand new passphrase here"}, "password_again": {"a brand new passphrase here"}}
			if revoke {
				form["revoke_tokens"] = []string{"1"}
			}
			if res := postForm(t, h, "/password/reset/"+token, form, nil); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reset: %d", res.StatusCode)
			}
			_, err := asvc.TokenUser(ctx, secret)
			if revoked := claims.ErrorCode(err) == claims.EUNAUTHORIZED; revoked != revoke {
				t.Errorf("revoke_tokens %v: the token revoked = %v (%v)", revoke, revoked, err)
			}
		}
	})
}

// must3 is must for calls that return two values and an error.
func must3[A, B any](a A, b B, err error) func(testing.TB) (A, B) {
	return func(t testing.TB) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}
