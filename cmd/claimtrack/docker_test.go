package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/config"
)

// No Docker engine runs where the tests run, so these tests check what can
// be checked without one: that the Dockerfile only sets settings the
// registry knows, with values it accepts, and that its health check calls a
// command the binary has. docker-compose.yml is checked in internal/app
// (compose_test.go).

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var dockerfileEnv = regexp.MustCompile(`(CLAIMTRACK_[A-Z0-9_]+)=(\S+)`)

// dockerfileSettings returns the CLAIMTRACK_ variables the Dockerfile's ENV
// instructions set.
func dockerfileSettings(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	inEnv := false
	lines := bufio.NewScanner(strings.NewReader(readRepoFile(t, "Dockerfile")))
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if strings.HasPrefix(line, "ENV ") {
			inEnv = true
		}
		if inEnv {
			for _, m := range dockerfileEnv.FindAllStringSubmatch(line, -1) {
				env[m[1]] = m[2]
			}
			inEnv = strings.HasSuffix(line, `\`)
		}
	}
	if len(env) == 0 {
		t.Fatal("the Dockerfile sets no CLAIMTRACK_ variable")
	}
	return env
}

func known() map[string]bool {
	k := map[string]bool{}
	for _, s := range config.Settings() {
		k[s.Env()] = true
	}
	return k
}

func TestDockerfile_SetsOnlyKnownSettingsAndChecksHealthWithTheBinary(t *testing.T) {
	known := known()
	for k := range dockerfileSettings(t) {
		if !known[k] {
			t.Errorf("the Dockerfile sets %s, which is not a setting claimtrack knows", k)
		}
	}
	var health []string
	for _, line := range strings.Split(readRepoFile(t, "Dockerfile"), "\n") {
		if strings.HasPrefix(line, "HEALTHCHECK ") {
			_, cmd, _ := strings.Cut(line, " CMD ")
			health = regexp.MustCompile(`"([^"]*)"`).FindAllString(cmd, -1)
			for i := range health {
				health[i] = strings.Trim(health[i], `"`)
			}
			health = append([]string{"CMD"}, health...)
		}
	}
	checkHealthcheck(t, "Dockerfile", health)
}

// checkHealthcheck requires test to be ["CMD", "claimtrack", <command>] with
// a command the real binary accepts.
func checkHealthcheck(t *testing.T, file string, test []string) {
	t.Helper()
	if len(test) != 3 || test[0] != "CMD" || test[1] != "claimtrack" {
		t.Fatalf("%s: health check %q, want [CMD claimtrack <command>]", file, test)
	}
	if _, stderr, err := run(t, nil, test[2], "--help"); err != nil {
		t.Errorf("%s: the health check's command %q does not exist: %v %s", file, test[2], err, stderr)
	}
}
