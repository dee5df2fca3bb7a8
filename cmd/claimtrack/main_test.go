package main

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// binary builds the real claimtrack binary once for this test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "claimtrack-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "claimtrack")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// run runs the binary with args and only the given CLAIMTRACK_ variables.
func run(t *testing.T, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(cleanEnv(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// cleanEnv is the test's environment without CLAIMTRACK_ settings, so a
// developer's own settings cannot change what the binary does.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, config.EnvPrefix) {
			env = append(env, kv)
		}
	}
	// The demo story's sources are real outlets: tests never fetch them.
	return append(env, config.EnvPrefix+"RECHECK=off")
}

func TestBinary_HelpDocumentsEverySetting(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := run(t, nil, args...)
			if err != nil {
				t.Fatalf("claimtrack %s: %v", strings.Join(args, " "), err)
			}
			for _, s := range config.Settings() {
				for _, want := range []string{s.Env(), s.Flag(), s.Description} {
					if !strings.Contains(out, want) {
						t.Errorf("help lacks %q", want)
					}
				}
			}
		})
	}
}

func TestBinary_InvalidSettingExitsWithAMessageNamingIt(t *testing.T) {
	tests := []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"CLAIMTRACK_DEMO=maybe"}, nil, "CLAIMTRACK_DEMO (--demo)"},
		{[]string{"CLAIMTRACK_ADDR=garbage"}, []string{"serve"}, "CLAIMTRACK_ADDR (--addr)"},
		{nil, []string{"--shutdown-timeout=soon"}, "CLAIMTRACK_SHUTDOWN_TIMEOUT (--shutdown-timeout)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			db := "CLAIMTRACK_DATABASE=" + filepath.Join(t.TempDir(), "claimtrack.db")
			_, stderr, err := run(t, append(tt.env, db), tt.args...)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("err = %v, want a non-zero exit", err)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not name %s", stderr, tt.want)
			}
		})
	}
}

var servingLine = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)/`)

func TestBinary_ShutsDownGracefullyOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(binary(t), "serve")
			cmd.Env = append(cleanEnv(),
				"CLAIMTRACK_ADDR=127.0.0.1:0",
				"CLAIMTRACK_DATABASE="+filepath.Join(t.TempDir(), "claimtrack.db"),
			)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()

			// Read the log until the start line gives the URL to open.
			lines := bufio.NewScanner(stderr)
			var base string
			var log strings.Builder
			for base == "" && lines.Scan() {
				log.WriteString(lines.Text() + "\n")
				if m := servingLine.FindStringSubmatch(lines.Text()); m != nil {
					base = m[1]
				}
			}
			if base == "" {
				t.Fatalf("no start line with the URL in the log:\n%s", log.String())
			}
			resp, err := http.Get(base + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("/readyz = %d, want 200", resp.StatusCode)
			}

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(stderr)
			log.Write(rest)
			if err := cmd.Wait(); err != nil {
				t.Errorf("after %s the process exited with %v; log:\n%s", sig, err, log.String())
			}
			if !strings.Contains(log.String(), "shutting down") {
				t.Errorf("the log does not mention the shutdown:\n%s", log.String())
			}
		})
	}
}

func TestBinary_MigrateAndVersion(t *testing.T) {
	db := "CLAIMTRACK_DATABASE=" + filepath.Join(t.TempDir(), "claimtrack.db")
	out, stderr, err := run(t, []string{db}, "migrate")
	if err != nil || !strings.Contains(out, "schema version") {
		t.Errorf("migrate = %q, %v (stderr %q); want the schema version", out, err, stderr)
	}
	out, _, err = run(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "claimtrack ") {
		t.Errorf("version = %q, %v", out, err)
	}
}

// TestBinary_WithoutCgoTheBuildSaysWhatItNeeds: a newcomer without a C
// compiler gets one sentence saying what to do, not the SQLite driver's
// undefined names.
func TestBinary_WithoutCgoTheBuildSaysWhatItNeeds(t *testing.T) {
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the build without cgo succeeded; it cannot have SQLite")
	}
	if !strings.Contains(string(out), "claimtrack_needs_cgo_for_SQLite__install_a_C_compiler_such_as_gcc_and_build_with_CGO_ENABLED_1") {
		t.Errorf("the build without cgo does not say what it needs:\n%s", out)
	}
	if strings.Contains(string(out), "sqlite3.") {
		t.Errorf("the build without cgo still shows the driver's errors:\n%s", out)
	}
}

// TestBinary_FirstStartShowsTheSetupLinkAsABanner: on a fresh install the
// one-time link stands apart from the log lines, on a line of its own, and
// it works.
func TestBinary_FirstStartShowsTheSetupLinkAsABanner(t *testing.T) {
	cmd := exec.Command(binary(t), "serve")
	cmd.Env = append(cleanEnv(), "CLAIMTRACK_ADDR=127.0.0.1:0", "CLAIMTRACK_DATABASE="+filepath.Join(t.TempDir(), "claimtrack.db"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := bufio.NewScanner(stderr)
	var log []string
	link := ""
	for link == "" && lines.Scan() {
		log = append(log, lines.Text())
		if l := strings.TrimSpace(lines.Text()); strings.HasPrefix(l, "http://") && strings.Contains(l, "/setup/") {
			link = l
		}
	}
	if link == "" {
		t.Fatalf("no setup link on a line of its own:\n%s", strings.Join(log, "\n"))
	}
	banner := strings.Join(log[max(0, len(log)-6):], "\n")
	if !strings.Contains(banner, "create the first admin") || !strings.Contains(banner, "=====") {
		t.Errorf("the link is not set apart as a banner:\n%s", banner)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s = %d, want the setup page", link, resp.StatusCode)
	}
}
