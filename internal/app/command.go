package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/store"
)

// command is one subcommand of the binary: its command line and what it does.
// A command with verbs (user, token) has none of its own line: each verb has.
type command struct {
	cliSpec
	run func(ctx context.Context, env Env, args []string) error
}

// Env is what a command gets from the process: the environment and where to
// write.
type Env struct {
	LookupEnv func(string) (string, bool)
	// Stdin gives passwords to user commands and story files to import; a
	// terminal is prompted for passwords.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// The settings the commands that write claims read besides settingsDB: the
// vocabulary, and what queues alerts and webhook deliveries with each write.
var settingsServices = []string{"base-url", "statuses", "alert-digest-window", "allow-private-sources"}

func commands() []command {
	noSettings := []string{}
	return []command{
		{cliSpec{name: "serve", summary: "serve the site (the default when no command is given)"}, serve},
		{cliSpec{name: "migrate", summary: "apply the database migrations and print the schema version", settings: settingsDB}, migrate},
		{cliSpec{name: "healthcheck", summary: "exit 0 when the server at --addr reports ready (for container health checks)",
			settings: []string{"addr"}}, healthcheck},
		{cliSpec{name: "version", summary: "print the version", settings: noSettings}, version},
		{cliSpec{name: "settings-table", summary: "print the settings as the Markdown table the README shows", settings: noSettings}, settingsTable},
		{cliSpec{name: "user", summary: "manage editors and admins: user add|list|disable|set-password (password on stdin or prompted)"}, userCommand},
		{cliSpec{name: "token", summary: "manage API tokens: token create|list|revoke (create prints only the token)"}, tokenCommand},
		{recheckSpec, recheckCommand},
		{cliSpec{name: "dump", args: "FILE", settings: settingsDB,
			summary: "write the whole database to FILE (\"-\" for stdout, .gz compresses)"}, dumpCommand},
		{cliSpec{name: "restore", args: "FILE", settings: settingsDB,
			summary: "load a dump into a new, empty database, keeping ids (\"-\" reads stdin)"}, restoreCommand},
		{cliSpec{name: "backup", args: "FILE", settings: settingsDB,
			summary: "copy the live SQLite database to a new FILE, consistently (PostgreSQL: use pg_dump)"}, backupCommand},
		{cliSpec{name: "import", args: "FILE…", settings: append(slices.Clone(settingsDB), settingsServices...),
			summary: "create or update stories from story files (\"-\" reads stdin), printing what changed (see docs/import.md)"}, importCommand},
	}
}

// Command runs the claimtrack command line; args exclude the program name.
// With no command it serves. Help goes to Stdout and returns nil; anything
// that stops a command, invalid settings included, is returned.
func Command(ctx context.Context, env Env, args []string) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		writeUsage(env.Stdout, "")
		return nil
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, env, args)
		}
	}
	return fmt.Errorf("unknown command %q (see claimtrack --help)", name)
}

// parse reads the settings for command name, printing the help when asked.
// It returns flag.ErrHelp after printing it, for the caller to stop quietly.
func parse(env Env, name string, args []string) (config.Config, error) {
	cfg, err := config.Parse(args, env.LookupEnv)
	if errors.Is(err, flag.ErrHelp) {
		writeUsage(env.Stdout, name)
	}
	return cfg, err
}

func writeUsage(w io.Writer, name string) {
	fmt.Fprintln(w, "claimtrack tracks contested news stories claim by claim.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	if name == "" || name == "serve" {
		fmt.Fprintln(w, "  claimtrack [command] [flags]")
	} else {
		fmt.Fprintf(w, "  claimtrack %s [flags]\n", name)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	config.WriteHelp(w)
}

// writeSetupBanner sets the one-time setup link apart from the log lines
// above it, so that someone starting claimtrack for the first time finds it.
// The log line that also carries it stays, for log collectors.
func writeSetupBanner(w io.Writer, link string) {
	rule := strings.Repeat("=", 72)
	fmt.Fprintf(w, "\n%s\n  Welcome to claimtrack. There are no accounts yet: open this one-time link\n"+
		"  in your browser to create the first admin:\n\n    %s\n\n%s\n\n", rule, link, rule)
}

// spec returns the command line of the command called name.
func spec(name string) cliSpec {
	for _, c := range commands() {
		if c.name == name {
			return c.cliSpec
		}
	}
	panic("no command " + name)
}

// parseNoArgs parses the line of a command that takes no arguments.
func parseNoArgs(env Env, name string, args []string) (config.Config, error) {
	line, err := parseCLI(env, spec(name), args)
	if err == nil && len(line.args) > 0 {
		err = fmt.Errorf("claimtrack %s takes no arguments, not %q", name, line.args[0])
	}
	return line.cfg, err
}

// quietHelp turns the ErrHelp that parse reports after printing the help
// into success.
func quietHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func serve(ctx context.Context, env Env, args []string) error {
	cfg, err := parse(env, "serve", args)
	if err != nil {
		return quietHelp(err)
	}
	log := NewLogger(cfg, env.Stderr)
	tuneGC(env.LookupEnv, log)
	m := NewMain(cfg, log)
	// The OS orders a file's writes; a test's buffer would need the
	// logger's lock, so only a file takes the batched access log.
	if f, ok := env.Stderr.(*os.File); ok {
		m.WriteAccessLogTo(f)
	}
	if err := m.Run(ctx); err != nil {
		return err
	}
	if link := m.SetupURL(); link != "" {
		writeSetupBanner(env.Stderr, link)
	}
	waitErr := m.Wait(ctx)
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	return errors.Join(waitErr, m.Close())
}

func migrate(ctx context.Context, env Env, args []string) error {
	cfg, err := parseNoArgs(env, "migrate", args)
	if err != nil {
		return quietHelp(err)
	}
	db, err := store.Open(ctx, cfg.Database, store.Options{Logger: NewLogger(cfg, env.Stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	current, latest, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s database %s is at schema version %d (latest %d)\n",
		db.Dialect(), redactDSN(cfg.Database), current, latest)
	return nil
}

// healthcheck exists because slim container images have no curl.
func healthcheck(ctx context.Context, env Env, args []string) error {
	cfg, err := parseNoArgs(env, "healthcheck", args)
	if err != nil {
		return quietHelp(err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url := cfg.LocalURL() + "/readyz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	fmt.Fprintln(env.Stdout, "ready")
	return nil
}

func version(_ context.Context, env Env, args []string) error {
	if _, err := parseNoArgs(env, "version", args); err != nil {
		return quietHelp(err)
	}
	fmt.Fprintln(env.Stdout, Version())
	return nil
}

// Version describes this build: module version, VCS revision when the build
// recorded one, and the Go version.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "claimtrack (unknown build)"
	}
	parts := []string{"claimtrack", info.Main.Version}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if modified == "true" {
			rev += "-dirty"
		}
		parts = append(parts, rev)
	}
	return strings.Join(append(parts, info.GoVersion), " ")
}

func settingsTable(_ context.Context, env Env, args []string) error {
	if _, err := parseNoArgs(env, "settings-table", args); err != nil {
		return quietHelp(err)
	}
	fmt.Fprint(env.Stdout, config.MarkdownTable())
	return nil
}
