package auth_test

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestCreateUser_NormalisesEmailAndListsUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u, err := f.svc.CreateUser(ctx, "  Jane.Doe@Newsroom.Example ", " Jane Doe ", auth.RoleEditor, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "jane.doe@newsroom.example" || u.Name != "Jane Doe" || u.Role != auth.RoleEditor || u.Disabled {
			t.Errorf("created user = %+v", u)
		}
		if !u.CreatedAt.Equal(f.svc.Now()) {
			t.Errorf("CreatedAt = %v, want the service clock's %v", u.CreatedAt, f.svc.Now())
		}
		f.mustUser(t, "admin@newsroom.example", auth.RoleAdmin)

		users, err := f.svc.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 || users[0].Email != "admin@newsroom.example" || users[1] != *u {
			t.Errorf("ListUsers = %+v, want admin then %+v", users, *u)
		}
		got, err := f.svc.UserByEmail(ctx, "JANE.DOE@newsroom.example")
		if err != nil || *got != *u {
			t.Errorf("UserByEmail = %+v, %v; want %+v", got, err, *u)
		}
		_, err = f.svc.UserByEmail(ctx, "nobody@newsroom.example")
		wantCode(t, err, claims.ENOTFOUND)
		if n, err := f.svc.UserCount(ctx); err != nil || n != 2 {
			t.Errorf("UserCount = %d, %v; want 2", n, err)
		}
	})
}

func TestCreateUser_RefusesATakenEmailInAnyCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		_, err := f.svc.CreateUser(t.Context(), "JANE@newsroom.example", "Another Jane", auth.RoleAdmin, otherPassword)
		wantCode(t, err, claims.ECONFLICT)
		if n, _ := f.svc.UserCount(t.Context()); n != 1 {
			t.Errorf("UserCount = %d after a refused duplicate, want 1", n)
		}
	})
}

func TestCreateUser_RefusesInvalidFieldsNamingTheField(t *testing.T) {
	tests := []struct {
		name, email, userName string
		role                  auth.Role
		password, field       string
	}{
		{"bad email", "jane", "Jane", auth.RoleEditor, goodPassword, "email"},
		{"empty name", "jane@newsroom.example", "  ", auth.RoleEditor, goodPassword, "name"},
		{"name with a newline", "jane@newsroom.example", "Jane\nINFO forged", auth.RoleEditor, goodPassword, "name"},
		{"unknown role", "jane@newsroom.example", "Jane", "reader", goodPassword, "role"},
		{"short password", "jane@newsroom.example", "Jane", auth.RoleEditor, "short", "password"},
		{"common password", "jane@newsroom.example", "Jane", auth.RoleEditor, "password123456", "password"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.svc.CreateUser(t.Context(), tt.email, tt.userName, tt.role, tt.password)
				wantCode(t, err, claims.EINVALID)
				if e := err.(*claims.Error); e.Fields[tt.field] == "" {
					t.Errorf("error fields = %v, want %q named", e.Fields, tt.field)
				}
			})
		}
		if n, _ := f.svc.UserCount(t.Context()); n != 0 {
			t.Errorf("UserCount = %d after refused users, want 0", n)
		}
	})
}

func TestDisableUser_EndsSessionsRevokesTokensAndBlocksLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		f.mustUser(t, "admin@newsroom.example", auth.RoleAdmin)
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		sess := f.mustLogin(t, u.Email, goodPassword, "")
		plain, _, err := f.svc.CreateToken(ctx, u.ID, "laptop")
		if err != nil {
			t.Fatal(err)
		}

		if err := f.svc.DisableUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.svc.SessionUser(ctx, sess.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		_, err = f.svc.TokenUser(ctx, plain)
		wantCode(t, err, claims.EUNAUTHORIZED)
		_, _, err = f.svc.Login(ctx, u.Email, goodPassword, "")
		if wantCode(t, err, claims.EUNAUTHORIZED); claims.ErrorMessage(err) != "wrong email or password" {
			t.Errorf("a disabled account with the right password: %q, want the wrong-password answer", claims.ErrorMessage(err))
		}
		tokens, err := f.svc.ListTokens(ctx, u.ID)
		if err != nil || len(tokens) != 1 || tokens[0].RevokedAt == nil {
			t.Errorf("ListTokens = %+v, %v; want the token revoked", tokens, err)
		}
		got, err := f.svc.UserByEmail(ctx, u.Email)
		if err != nil || !got.Disabled {
			t.Errorf("user after DisableUser = %+v, %v; want disabled", got, err)
		}
		wantCode(t, f.svc.DisableUser(ctx, 9999), claims.ENOTFOUND)
	})
}

func TestDisableUser_RefusesTheLastEnabledAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		first := f.mustUser(t, "first@newsroom.example", auth.RoleAdmin)
		f.mustUser(t, "editor@newsroom.example", auth.RoleEditor)
		wantCode(t, f.svc.DisableUser(ctx, first.ID), claims.ECONFLICT)

		second := f.mustUser(t, "second@newsroom.example", auth.RoleAdmin)
		if err := f.svc.DisableUser(ctx, first.ID); err != nil {
			t.Fatalf("disabling one of two admins: %v", err)
		}
		wantCode(t, f.svc.DisableUser(ctx, second.ID), claims.ECONFLICT)
	})
}

func TestSetPassword_ReplacesThePasswordAndEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, auth.Options{})
		ctx := t.Context()
		u := f.mustUser(t, "jane@newsroom.example", auth.RoleEditor)
		kept := f.mustLogin(t, u.Email, goodPassword, "")
		other := f.mustLogin(t, u.Email, goodPassword, "")

		err := f.svc.SetPassword(ctx, u.ID, "password123456", kept.ID)
		wantCode(t, err, claims.EINVALID)

		if err := f.svc.SetPassword(ctx, u.ID, otherPassword, kept.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.SessionUser(ctx, kept.Token); err != nil {
			t.Errorf("the session kept by SetPassword: %v", err)
		}
		_, _, err = f.svc.SessionUser(ctx, other.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		_, _, err = f.svc.Login(ctx, u.Email, goodPassword, "")
		wantCode(t, err, claims.EUNAUTHORIZED)
		f.mustLogin(t, u.Email, otherPassword, "")

		// An admin's reset (keep 0) ends every session.
		if err := f.svc.SetPassword(ctx, u.ID, goodPassword, 0); err != nil {
			t.Fatal(err)
		}
		_, _, err = f.svc.SessionUser(ctx, kept.Token)
		wantCode(t, err, claims.EUNAUTHORIZED)
		wantCode(t, f.svc.SetPassword(ctx, 9999, goodPassword, 0), claims.ENOTFOUND)
	})
}
