package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/store"
)

// Flags the account verbs share.
var (
	flagEmail = cliFlag{"email", "EMAIL", "the account's email address (required)"}
	flagName  = cliFlag{"name", "NAME", "the person's name as pages show it (required)"}
	flagRole  = cliFlag{"role", "ROLE", "editor or admin (required)"}
)

// userCommand runs "claimtrack user add|list|disable|set-password".
func userCommand(ctx context.Context, env Env, args []string) error {
	return subcommand(ctx, env, "user", args, []accountAction{
		{cliSpec{name: "add", flags: []cliFlag{flagEmail, flagName, flagRole},
			summary: "add an editor or admin; the password comes from standard input, or is prompted for on a terminal"}, userAdd},
		{cliSpec{name: "list", summary: "list the accounts with their roles and states"}, userList},
		{cliSpec{name: "disable", flags: []cliFlag{flagEmail}, summary: "disable an account and end its sessions"}, forUser(userDisable)},
		{cliSpec{name: "set-password", flags: []cliFlag{flagEmail},
			summary: "set an account's password (from standard input, or prompted for) and end its sessions"}, forUser(userSetPassword)},
	})
}

// tokenCommand runs "claimtrack token create|list|revoke".
func tokenCommand(ctx context.Context, env Env, args []string) error {
	return subcommand(ctx, env, "token", args, []accountAction{
		{cliSpec{name: "create", flags: []cliFlag{flagEmail, {"name", "NAME", "what the token is for, as token list shows it"}},
			summary: "create an API token for an account and print only the token"}, forUser(tokenCreate)},
		{cliSpec{name: "list", flags: []cliFlag{flagEmail}, summary: "list an account's API tokens"}, forUser(tokenList)},
		{cliSpec{name: "revoke", flags: []cliFlag{{"id", "ID", "the token's id as token list shows it (required)"}},
			summary: "revoke an API token"}, tokenRevoke},
	})
}

// accountAction is one verb of the user and token commands: its command line
// and what it does.
type accountAction struct {
	cliSpec
	run func(ctx context.Context, a accountCtx) error
}

// accountCtx is what an account action works with.
type accountCtx struct {
	env   Env
	svc   *auth.Service
	flags map[string]string
}

// subcommand runs the verb of command name that args start with; "--help"
// instead of a verb lists the verbs.
func subcommand(ctx context.Context, env Env, name string, args []string, actions []accountAction) error {
	verbs := make([]string, len(actions))
	for i, a := range actions {
		verbs[i] = a.name
	}
	usage := fmt.Sprintf("usage: claimtrack %s %s [flags]", name, strings.Join(verbs, "|"))
	if len(args) > 0 && slices.Contains([]string{"-h", "-help", "--help", "help"}, args[0]) {
		fmt.Fprintf(env.Stdout, "Usage: claimtrack %s COMMAND [flags]\n\nCommands:\n", name)
		for _, a := range actions {
			fmt.Fprintf(env.Stdout, "  %-14s %s\n", a.name, a.summary)
		}
		fmt.Fprintf(env.Stdout, "\nclaimtrack %s COMMAND --help lists a command's flags.\n", name)
		return nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New(usage)
	}
	i := slices.IndexFunc(actions, func(a accountAction) bool { return a.name == args[0] })
	if i < 0 {
		return fmt.Errorf("unknown %s command %q; %s", name, args[0], usage)
	}
	act := actions[i]
	act.cliSpec.name = name + " " + act.name
	act.settings = append(slices.Clone(settingsDB), "base-url", "organization")
	line, err := parseCLI(env, act.cliSpec, args[1:])
	if err != nil {
		return quietHelp(err)
	}
	if len(line.args) > 0 {
		return fmt.Errorf("claimtrack %s takes flags only, not %q (see claimtrack %s --help)", act.name, line.args[0], act.name)
	}
	db, err := store.Open(ctx, line.cfg.Database, store.Options{Logger: NewLogger(line.cfg, env.Stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	// A user may be added before the server ever ran.
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	return act.run(ctx, accountCtx{env: env, svc: auth.NewService(db, nil, authOptions(line.cfg)), flags: line.flags})
}

// need returns the value of a required flag.
func (a accountCtx) need(name string) (string, error) {
	v := strings.TrimSpace(a.flags[name])
	if v == "" {
		return "", fmt.Errorf("--%s is required", name)
	}
	return v, nil
}

// forUser runs an action on the account --email names.
func forUser(run func(ctx context.Context, a accountCtx, u *auth.User) error) func(context.Context, accountCtx) error {
	return func(ctx context.Context, a accountCtx) error {
		u, err := a.user(ctx)
		if err != nil {
			return err
		}
		return run(ctx, a, u)
	}
}

func (a accountCtx) user(ctx context.Context) (*auth.User, error) {
	email, err := a.need("email")
	if err != nil {
		return nil, err
	}
	return a.svc.UserByEmail(ctx, email)
}

func userAdd(ctx context.Context, a accountCtx) error {
	email, err := a.need("email")
	if err != nil {
		return err
	}
	name, err := a.need("name")
	if err != nil {
		return err
	}
	role, err := a.need("role")
	if err != nil {
		return err
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return err
	}
	pw, err := readPassword(a.env)
	if err != nil {
		return err
	}
	u, err := a.svc.CreateUser(ctx, email, name, r, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "added %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

func userList(ctx context.Context, a accountCtx) error {
	users, err := a.svc.ListUsers(ctx)
	if err != nil {
		return err
	}
	return printTable(a.env.Stdout, "ID\tEMAIL\tNAME\tROLE\tSTATE", users, func(u auth.User) string {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s", u.ID, u.Email, strconv.Quote(u.Name), u.Role, state)
	})
}

func userDisable(ctx context.Context, a accountCtx, u *auth.User) error {
	if err := a.svc.DisableUser(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "disabled %s and ended their sessions\n", u.Email)
	return nil
}

func userSetPassword(ctx context.Context, a accountCtx, u *auth.User) error {
	pw, err := readPassword(a.env)
	if err != nil {
		return err
	}
	if err := a.svc.SetPassword(ctx, u.ID, pw, 0); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "set the password of %s and ended their sessions\n", u.Email)
	return nil
}

// tokenCreate prints the new token alone on stdout, so that scripts can
// capture it: TOKEN=$(claimtrack token create --email E).
func tokenCreate(ctx context.Context, a accountCtx, u *auth.User) error {
	plain, t, err := a.svc.CreateToken(ctx, u.ID, a.flags["name"])
	if err != nil {
		return err
	}
	fmt.Fprintln(a.env.Stdout, plain)
	fmt.Fprintf(a.env.Stderr, "created token %d for %s; it is shown only this once\n", t.ID, u.Email)
	return nil
}

func tokenList(ctx context.Context, a accountCtx, u *auth.User) error {
	tokens, err := a.svc.ListTokens(ctx, u.ID)
	if err != nil {
		return err
	}
	return printTable(a.env.Stdout, "ID\tNAME\tCREATED\tLAST USED\tSTATE", tokens, func(t auth.Token) string {
		state := "active"
		if t.RevokedAt != nil {
			state = "revoked " + t.RevokedAt.UTC().Format(time.RFC3339)
		}
		return fmt.Sprintf("%d\t%s\t%s\t%s\t%s", t.ID, strconv.Quote(t.Name), t.CreatedAt.UTC().Format(time.RFC3339), timeOrNever(t.LastUsedAt), state)
	})
}

func tokenRevoke(ctx context.Context, a accountCtx) error {
	raw, err := a.need("id")
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("--id must be a token id as token list shows it, not %q", raw)
	}
	if err := a.svc.RevokeToken(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stderr, "revoked token %d\n", id)
	return nil
}

func timeOrNever(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// readPassword reads a new password: prompted twice without echo on a
// terminal, otherwise the first line of standard input, exactly as typed
// apart from the line ending (a password is never silently altered).
func readPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		pw, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "Again: ")
		again, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(pw) != string(again) {
			return "", errors.New("the passwords differ")
		}
		return string(pw), nil
	}
	if env.Stdin == nil {
		return "", errors.New("no password: pipe it on standard input")
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

// printTable writes a header and a line per row, in aligned columns (cells
// separated by tabs in header and in what line returns).
func printTable[T any](out io.Writer, header string, rows []T, line func(T) string) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, header)
	for _, r := range rows {
		fmt.Fprintln(w, line(r))
	}
	return w.Flush()
}
