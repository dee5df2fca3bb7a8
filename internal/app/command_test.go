package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// runCommand runs the command line with env and returns what it printed.
func runCommand(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut strings.Builder
	err = Command(t.Context(), Env{LookupEnv: lookup(env), Stdout: &out, Stderr: &errOut}, args)
	return out.String(), errOut.String(), err
}

func TestCommand_InvalidSettingStopsTheStartNamingIt(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"demo maybe", map[string]string{"CLAIMTRACK_DEMO": "maybe"}, nil, "CLAIMTRACK_DEMO (--demo)"},
		{"addr garbage", map[string]string{"CLAIMTRACK_ADDR": "garbage"}, nil, "CLAIMTRACK_ADDR (--addr)"},
		{"addr garbage as a flag to serve", nil, []string{"serve", "--addr=garbage"}, "CLAIMTRACK_ADDR (--addr)"},
		{"base url", map[string]string{"CLAIMTRACK_BASE_URL": "/relative"}, nil, "CLAIMTRACK_BASE_URL (--base-url)"},
		{"migrate checks settings too", map[string]string{"CLAIMTRACK_LOG_LEVEL": "loud"}, []string{"migrate"}, "CLAIMTRACK_LOG_LEVEL (--log-level)"},
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "claimtrack.db")
			env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
			for k, v := range tt.env {
				env[k] = v
			}
			_, _, err := runCommand(t, env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s", err, tt.want)
			}
			if _, statErr := os.Stat(dsn); !os.IsNotExist(statErr) {
				t.Errorf("the database %s was created although the start failed", dsn)
			}
		})
	}
}

func TestCommand_HelpDocumentsEverySetting(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"serve", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := runCommand(t, nil, args...)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range config.Settings() {
				if !strings.Contains(out, s.Env()) || !strings.Contains(out, s.Flag()) {
					t.Errorf("help lacks %s or %s", s.Env(), s.Flag())
				}
			}
			for _, c := range commands() {
				if !strings.Contains(out, c.name) {
					t.Errorf("help lacks the command %s", c.name)
				}
			}
		})
	}
}

// TestCommand_EachCommandsHelpListsItsOwnFlags asks every command, and every
// verb of user and token, for --help: it succeeds, prints the command's own
// usage line, its own flags and the settings it reads, and no other's.
func TestCommand_EachCommandsHelpListsItsOwnFlags(t *testing.T) {
	tests := []struct {
		args []string
		want []string // in the help
		not  []string // not in it: another command's flags or unrelated settings
	}{
		{[]string{"migrate", "--help"}, []string{"Usage: claimtrack migrate", "--database", "CLAIMTRACK_DATABASE"}, []string{"--smtp-url", "--email"}},
		{[]string{"healthcheck", "-h"}, []string{"Usage: claimtrack healthcheck", "--addr"}, []string{"--database"}},
		{[]string{"version", "--help"}, []string{"Usage: claimtrack version"}, []string{"--database"}},
		{[]string{"user", "--help"}, []string{"Usage: claimtrack user COMMAND", "add", "list", "disable", "set-password"}, nil},
		{[]string{"user", "add", "--help"}, []string{"Usage: claimtrack user add --email EMAIL --name NAME --role ROLE", "--role ROLE", "editor or admin", "--database"}, []string{"--id", "--smtp-url"}},
		{[]string{"user", "list", "--help"}, []string{"Usage: claimtrack user list", "--database"}, []string{"--email"}},
		{[]string{"token", "--help"}, []string{"create", "list", "revoke"}, nil},
		{[]string{"token", "revoke", "--help"}, []string{"Usage: claimtrack token revoke --id ID", "--id ID"}, []string{"--email"}},
		{[]string{"recheck", "--help"}, []string{"Usage: claimtrack recheck", "--all", "--source ID", "--statuses", "--allow-private-sources"}, []string{"--smtp-url"}},
		{[]string{"import", "--help"}, []string{"Usage: claimtrack import FILE…", "--statuses", "--alert-digest-window"}, []string{"--smtp-url", "--source ID"}},
		{[]string{"dump", "--help"}, []string{"Usage: claimtrack dump FILE", "--database"}, []string{"--statuses"}},
		{[]string{"restore", "--help"}, []string{"Usage: claimtrack restore FILE"}, nil},
		{[]string{"backup", "--help"}, []string{"Usage: claimtrack backup FILE"}, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "c.db")
			out, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": dsn}, tt.args...)
			if err != nil {
				t.Fatalf("%v: %v", tt.args, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("help lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("help mentions %q, which is not this command's:\n%s", n, out)
				}
			}
			if _, err := os.Stat(dsn); !os.IsNotExist(err) {
				t.Errorf("asking for help created the database")
			}
		})
	}
}

// TestCommand_AFlagOfAnotherCommandIsRefusedByName: a flag the command does
// not take stops it before it touches the database.
func TestCommand_AFlagOfAnotherCommandIsRefusedByName(t *testing.T) {
	for _, args := range [][]string{{"migrate", "--all"}, {"user", "list", "--role", "admin"}, {"dump", "x.dump", "--smtp-url", "smtp://x"}} {
		dsn := filepath.Join(t.TempDir(), "c.db")
		_, _, err := runCommand(t, map[string]string{"CLAIMTRACK_DATABASE": dsn}, args...)
		if err == nil || !strings.Contains(err.Error(), "flag provided but not defined") || !strings.Contains(err.Error(), "--help") {
			t.Errorf("%v = %v, want the unknown flag named with a pointer to --help", args, err)
		}
	}
}

func TestCommand_MigratePrintsTheSchemaVersion(t *testing.T) {
	eachDatabase(t, func(t *testing.T, dsn string) {
		env := map[string]string{"CLAIMTRACK_DATABASE": dsn}
		for run := 1; run <= 2; run++ {
			out, _, err := runCommand(t, env, "migrate")
			if err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			if !strings.Contains(out, "schema version") {
				t.Fatalf("run %d printed %q, want the schema version", run, out)
			}
			var current, latest int
			if i := strings.Index(out, "schema version"); i >= 0 {
				if _, err := fmt.Sscanf(out[i:], "schema version %d (latest %d)", &current, &latest); err != nil {
					t.Fatalf("run %d: cannot read %q: %v", run, out, err)
				}
			}
			if current < 1 || current != latest {
				t.Errorf("run %d: at version %d of %d, want the latest", run, current, latest)
			}
		}
	})
}

func TestCommand_HealthcheckReportsWhetherTheServerIsReady(t *testing.T) {
	m := start(t, storetest.SQLiteDSN(t), map[string]string{"CLAIMTRACK_DEMO": "off"})
	out, _, err := runCommand(t, map[string]string{"CLAIMTRACK_ADDR": m.Addr()}, "healthcheck")
	if err != nil || !strings.Contains(out, "ready") {
		t.Errorf("healthcheck of a running server = %q, %v; want ready, nil", out, err)
	}
	addr := m.Addr()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCommand(t, map[string]string{"CLAIMTRACK_ADDR": addr}, "healthcheck"); err == nil {
		t.Error("healthcheck of a stopped server succeeded")
	}
}

func TestCommand_VersionAndSettingsTable(t *testing.T) {
	out, _, err := runCommand(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "claimtrack ") {
		t.Errorf("version = %q, %v", out, err)
	}
	out, _, err = runCommand(t, nil, "settings-table")
	if err != nil || out != config.MarkdownTable() {
		t.Errorf("settings-table = %q, %v; want the registry's table", out, err)
	}
}
