package store_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// TestAuthTables_HoldOnlyHashesOfSecrets reads every row of the account
// tables straight from the database and checks that no password, session
// token, API token, setup token or typed-in login email is there in plain.
func TestAuthTables_HoldOnlyHashesOfSecrets(t *testing.T) {
	t.Parallel()
	for dialect, dsn := range storetest.DSNs(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			svc := auth.NewService(db, nil, auth.Options{Hasher: auth.BcryptHasher{Cost: 4}})

			const password = "correct horse battery staple"
			setup, err := svc.SetupToken(ctx)
			if err != nil {
				t.Fatal(err)
			}
			unused, err := svc.SetupToken(ctx)
			if err != nil {
				t.Fatal(err)
			}
			admin, err := svc.CompleteSetup(ctx, setup, "admin@newsroom.example", "Ada Admin", password)
			if err != nil {
				t.Fatal(err)
			}
			sess, _, err := svc.Login(ctx, admin.Email, password, "198.51.100.7")
			if err != nil {
				t.Fatal(err)
			}
			const typo = "correct-horse-battery-staple@oops.example"
			if _, _, err := svc.Login(ctx, typo, password, "198.51.100.7"); err == nil {
				t.Fatal("login with an unknown email succeeded")
			}
			token, _, err := svc.CreateToken(ctx, admin.ID, "ci")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.TokenUser(ctx, token); err != nil {
				t.Fatal(err)
			}

			dump := dumpTables(t, dialect, dsn, "users", "sessions", "api_tokens", "login_attempts", "setup_tokens")
			secrets := map[string]string{
				"password":                     password,
				"session token":                sess.Token,
				"API token":                    token,
				"API token without its prefix": strings.TrimPrefix(token, auth.TokenPrefix),
				"setup token":                  setup,
				"unused setup token":           unused,
				"email typed at login":         typo,
				"client address":               "198.51.100.7",
			}
			for what, secret := range secrets {
				if strings.Contains(dump, secret) {
					t.Errorf("the %s %q is stored in plain", what, secret)
				}
			}
			if !strings.Contains(dump, "admin@newsroom.example") || !strings.Contains(dump, "$2a$04$") {
				t.Errorf("the dump lacks the user's email or bcrypt hash, so it proves nothing:\n%s", dump)
			}
			if strings.Contains(dump, "setup_tokens:") {
				t.Errorf("setup tokens remain after setup:\n%s", dump)
			}
		})
	}
}

// dumpTables returns every row of the tables as text, one "table: values"
// line per row, read with database/sql rather than through the store.
func dumpTables(t *testing.T, dialect, dsn string, tables ...string) string {
	t.Helper()
	driver := map[string]string{store.DialectSQLite: "sqlite3", store.DialectPostgres: "pgx"}[dialect]
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := conn.QueryContext(t.Context(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b.WriteString(table + ":")
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
