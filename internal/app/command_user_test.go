package app

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const cliPassword = "correct horse battery staple"

// runWithStdin runs the command line with stdin as standard input.
func runWithStdin(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut strings.Builder
	err = Command(t.Context(), Env{LookupEnv: lookup(env), Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}, args)
	return out.String(), errOut.String(), err
}

// noRedirects is a client that reports redirects instead of following them,
// so a test can read the login's cookie and Location.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestUserAdd_PasswordFromStdinThenLoginWorks(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
		if _, stderr, err := runWithStdin(t, env, cliPassword+"\n", "user", "add", "--email", "Ed@Newsroom.example", "--name", "Ed Itor", "--role=editor"); err != nil {
			t.Fatalf("user add: %v\n%s", err, stderr)
		}
		out, _, err := runWithStdin(t, env, "", "user", "list")
		if err != nil || !strings.Contains(out, "ed@newsroom.example") || !strings.Contains(out, "editor") {
			t.Fatalf("user list: %v\n%s", err, out)
		}

		m := start(t, dsn, nil)
		form := url.Values{"email": {"ed@newsroom.example"}, "password": {cliPassword}}
		res, err := noRedirects.PostForm(m.URL()+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 {
			t.Fatalf("login with the CLI's password: %d, cookies %v", res.StatusCode, res.Cookies())
		}
	})
}

func TestUserAdd_RefusesAWeakPasswordAndAMissingFlag(t *testing.T) {
	env := map[string]string{"CLAIMTRACK_DATABASE": t.TempDir() + "/c.db"}
	_, _, err := runWithStdin(t, env, "password123\n", "user", "add", "--email", "a@newsroom.example", "--name", "A", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("weak password: %v, want a password error", err)
	}
	_, _, err = runWithStdin(t, env, cliPassword+"\n", "user", "add", "--email", "a@newsroom.example", "--role", "admin")
	if err == nil || !strings.Contains(err.Error(), "--name") {
		t.Errorf("missing name: %v, want one naming --name", err)
	}
}

func TestTokenCreate_PrintsOnlyATokenThatAuthenticates(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
		if _, _, err := runWithStdin(t, env, cliPassword, "user", "add", "--email", "boss@newsroom.example", "--name", "Boss", "--role", "admin"); err != nil {
			t.Fatal(err)
		}
		out, _, err := runWithStdin(t, env, "", "token", "create", "--email", "boss@newsroom.example", "--name", "ci")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "ct_") {
			t.Fatalf("token create printed %q, want one token line", out)
		}
		m := start(t, dsn, nil)
		call := func() int {
			req, _ := http.NewRequest(http.MethodGet, m.URL()+"/api/v1/users", nil)
			req.Header.Set("Authorization", "Bearer "+lines[0])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if got := call(); got != http.StatusOK {
			t.Fatalf("admin API with the token: %d, want 200", got)
		}

		list, _, err := runWithStdin(t, env, "", "token", "list", "--email", "boss@newsroom.example")
		if err != nil || !strings.Contains(list, `"ci"`) || !strings.Contains(list, "active") {
			t.Fatalf("token list: %v\n%s", err, list)
		}
		id := strings.Fields(strings.Split(list, "\n")[1])[0]
		if _, _, err := runWithStdin(t, env, "", "token", "revoke", "--id", id); err != nil {
			t.Fatal(err)
		}
		if got := call(); got != http.StatusUnauthorized {
			t.Errorf("revoked token: %d, want 401", got)
		}
	})
}

func TestUserDisableAndSetPassword_ChangeWhoCanSignIn(t *testing.T) {
	env := map[string]string{"CLAIMTRACK_DATABASE": t.TempDir() + "/c.db"}
	for _, args := range [][]string{
		{"user", "add", "--email", "a@newsroom.example", "--name", "A", "--role", "admin"},
		{"user", "add", "--email", "e@newsroom.example", "--name", "E", "--role", "editor"},
	} {
		if _, _, err := runWithStdin(t, env, cliPassword, args...); err != nil {
			t.Fatal(err)
		}
	}
	newPassword := "tangerine viaduct marmalade"
	if _, _, err := runWithStdin(t, env, newPassword+"\n", "user", "set-password", "--email", "e@newsroom.example"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runWithStdin(t, env, "", "user", "disable", "--email", "e@newsroom.example"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runWithStdin(t, env, "", "user", "list")
	if err != nil || !strings.Contains(out, "disabled") {
		t.Fatalf("user list after disable: %v\n%s", err, out)
	}
	m := start(t, env["CLAIMTRACK_DATABASE"], nil)
	ctx := t.Context()
	if _, _, err := m.Auth().Login(ctx, "e@newsroom.example", newPassword, ""); err == nil {
		t.Error("a disabled user signed in")
	}
	if _, _, err := m.Auth().Login(ctx, "a@newsroom.example", cliPassword, ""); err != nil {
		t.Errorf("the admin cannot sign in: %v", err)
	}
}

func TestServe_FreshInstallPrintsASetupLinkOrTakesTheAdminFromTheEnvironment(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		m := start(t, dsn, nil)
		if !strings.HasPrefix(m.SetupURL(), m.URL()+"/setup/") {
			t.Fatalf("setup link %q", m.SetupURL())
		}
		res, err := http.Get(m.SetupURL())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("setup page: %d", res.StatusCode)
		}
	})
	t.Run("from the environment", func(t *testing.T) {
		dsn := t.TempDir() + "/c.db"
		m := start(t, dsn, map[string]string{"CLAIMTRACK_ADMIN_EMAIL": "chief@newsroom.example", "CLAIMTRACK_ADMIN_PASSWORD": cliPassword})
		if m.SetupURL() != "" {
			t.Errorf("setup link printed although the admin came from the environment")
		}
		if _, u, err := m.Auth().Login(t.Context(), "chief@newsroom.example", cliPassword, ""); err != nil || !u.IsAdmin() {
			t.Fatalf("the environment's admin: %v", err)
		}
	})
}
