package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/config"
)

// No Docker engine runs where the tests run, so these tests check what can
// be checked without one: that the container files only set settings the
// registry knows, with values it accepts, and that their health checks call
// a command the binary has.

type composeFile struct {
	Services map[string]struct {
		Environment yaml.Node `yaml:"environment"`
		Healthcheck struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		Volumes []string `yaml:"volumes"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// composeEnv returns a service's environment, written either as a map or as
// a list of KEY=value.
func composeEnv(t *testing.T, n yaml.Node) map[string]string {
	t.Helper()
	env := map[string]string{}
	switch n.Kind {
	case 0:
	case yaml.MappingNode:
		if err := n.Decode(&env); err != nil {
			t.Fatal(err)
		}
	case yaml.SequenceNode:
		var list []string
		if err := n.Decode(&list); err != nil {
			t.Fatal(err)
		}
		for _, kv := range list {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	default:
		t.Fatalf("environment is neither a map nor a list")
	}
	return env
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

func TestDockerCompose_SetsOnlyKnownValidSettings(t *testing.T) {
	var f composeFile
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "docker-compose.yml")), &f); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	svc, ok := f.Services["claimtrack"]
	if !ok {
		t.Fatal("docker-compose.yml has no claimtrack service")
	}
	// The container sees the Dockerfile's ENV overridden by compose's.
	env := dockerfileSettings(t)
	compose := composeEnv(t, svc.Environment)
	for k, v := range compose {
		env[k] = v
	}
	known := known()
	for k := range env {
		if strings.HasPrefix(k, config.EnvPrefix) && !known[k] {
			t.Errorf("%s is set for the container but is not a setting claimtrack knows", k)
		}
	}
	if _, err := config.Parse(nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Errorf("the container's settings are invalid: %v", err)
	}

	var onVolume bool
	for _, v := range svc.Volumes {
		name, dir, _ := strings.Cut(v, ":")
		if _, named := f.Volumes[name]; named && filepath.Dir(env["CLAIMTRACK_DATABASE"]) == dir {
			onVolume = true
		}
	}
	if !onVolume {
		t.Errorf("the database %s is not on a named volume (volumes %v)", env["CLAIMTRACK_DATABASE"], svc.Volumes)
	}
	checkHealthcheck(t, "docker-compose.yml", svc.Healthcheck.Test)
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
