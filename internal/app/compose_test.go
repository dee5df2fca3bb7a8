package app

import (
	"bufio"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/config"
)

// No Docker engine runs where the tests run, so this checks
// what can be checked without one: the compose file describes the whole
// system (claimtrack on PostgreSQL, mail into Mailpit), every CLAIMTRACK_*
// variable it sets is a setting the registry knows with a value it accepts,
// and the health checks call a command the binary has.

type composeService struct {
	Build       any       `yaml:"build"`
	Image       string    `yaml:"image"`
	Profiles    []string  `yaml:"profiles"`
	Environment yaml.Node `yaml:"environment"`
	DependsOn   yaml.Node `yaml:"depends_on"`
	Ports       []string  `yaml:"ports"`
	Volumes     []string  `yaml:"volumes"`
	Healthcheck struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

type composeProject struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

func loadCompose(t *testing.T) composeProject {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var p composeProject
	if err := yaml.Unmarshal(b, &p); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return p
}

// composeVar is compose's ${NAME}, ${NAME:-default} or ${NAME-default}.
var composeVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}`)

// interpolate substitutes variables as compose does with none of them set,
// failing on one without a default: `docker compose up` must work as is.
func interpolate(t *testing.T, s string) string {
	t.Helper()
	return composeVar.ReplaceAllStringFunc(s, func(m string) string {
		parts := composeVar.FindStringSubmatch(m)
		if parts[2] == "" {
			t.Errorf("%s has no default, so a plain `docker compose up` would leave it empty", m)
		}
		return parts[3]
	})
}

// environment returns the service's variables, written as a map or as a
// list of KEY=value, with compose variables substituted.
func (s composeService) environment(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	switch s.Environment.Kind {
	case 0:
	case yaml.MappingNode:
		if err := s.Environment.Decode(&env); err != nil {
			t.Fatal(err)
		}
	case yaml.SequenceNode:
		var list []string
		if err := s.Environment.Decode(&list); err != nil {
			t.Fatal(err)
		}
		for _, kv := range list {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	default:
		t.Fatal("environment is neither a map nor a list")
	}
	for k, v := range env {
		env[k] = interpolate(t, v)
	}
	return env
}

// dependsOn returns the services s waits for and the condition of each
// ("service_started" when written as a plain list).
func (s composeService) dependsOn(t *testing.T) map[string]string {
	t.Helper()
	deps := map[string]string{}
	switch s.DependsOn.Kind {
	case yaml.SequenceNode:
		var list []string
		if err := s.DependsOn.Decode(&list); err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			deps[d] = "service_started"
		}
	case yaml.MappingNode:
		var m map[string]struct {
			Condition string `yaml:"condition"`
		}
		if err := s.DependsOn.Decode(&m); err != nil {
			t.Fatal(err)
		}
		for d, c := range m {
			deps[d] = c.Condition
		}
	}
	return deps
}

var dockerfileVar = regexp.MustCompile(`(CLAIMTRACK_[A-Z0-9_]+)=(\S+)`)

// imageEnv returns the CLAIMTRACK_ variables the Dockerfile's ENV
// instructions set, which a container sees unless compose overrides them.
func imageEnv(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	inEnv := false
	lines := bufio.NewScanner(strings.NewReader(string(b)))
	for lines.Scan() {
		line := strings.TrimSpace(lines.Text())
		if strings.HasPrefix(line, "ENV ") {
			inEnv = true
		}
		if inEnv {
			for _, m := range dockerfileVar.FindAllStringSubmatch(line, -1) {
				env[m[1]] = m[2]
			}
			inEnv = strings.HasSuffix(line, `\`)
		}
	}
	return env
}

func TestCompose_EveryClaimtrackServiceSetsOnlyKnownValidSettings(t *testing.T) {
	p := loadCompose(t)
	known := map[string]bool{}
	for _, s := range config.Settings() {
		known[s.Env()] = true
	}
	checked := 0
	for name, svc := range p.Services {
		if svc.Build == nil && !strings.HasPrefix(svc.Image, "claimtrack") {
			continue // postgres, mailpit
		}
		checked++
		t.Run(name, func(t *testing.T) {
			env := imageEnv(t)
			for k, v := range svc.environment(t) {
				if strings.HasPrefix(k, config.EnvPrefix) && !known[k] {
					t.Errorf("%s sets %s, which is not a setting claimtrack knows", name, k)
				}
				env[k] = v
			}
			if _, err := config.Parse(nil, lookup(env)); err != nil {
				t.Errorf("%s's settings are invalid: %v", name, err)
			}
			test := svc.Healthcheck.Test
			if len(test) != 3 || test[0] != "CMD" || test[1] != "claimtrack" {
				t.Fatalf("%s: health check %q, want [CMD claimtrack <command>]", name, test)
			}
			if _, stderr, err := runCommand(t, nil, test[2], "--help"); err != nil {
				t.Errorf("%s: the health check's command %q does not exist: %v %s", name, test[2], err, stderr)
			}
		})
	}
	if checked == 0 {
		t.Fatal("docker-compose.yml runs no claimtrack")
	}
}

func TestCompose_UpGivesClaimtrackOnPostgresWithMailInMailpit(t *testing.T) {
	p := loadCompose(t)
	up := map[string]composeService{} // what a plain `docker compose up` starts
	for name, svc := range p.Services {
		if len(svc.Profiles) == 0 {
			up[name] = svc
		}
	}
	ct, ok := up["claimtrack"]
	if !ok {
		t.Fatal("`docker compose up` starts no claimtrack service")
	}
	if ct.Build == nil {
		t.Error("claimtrack is not built from the Dockerfile")
	}
	env := ct.environment(t)

	db, err := url.Parse(env["CLAIMTRACK_DATABASE"])
	if err != nil || db.Scheme != "postgres" {
		t.Fatalf("CLAIMTRACK_DATABASE = %q, want a postgres:// URL", env["CLAIMTRACK_DATABASE"])
	}
	pg, ok := up[db.Hostname()]
	if !ok || !strings.HasPrefix(pg.Image, "postgres:") {
		t.Fatalf("the database host %q is not a PostgreSQL service of the compose file", db.Hostname())
	}
	pgEnv := pg.environment(t)
	password, _ := db.User.Password()
	if db.User.Username() != pgEnv["POSTGRES_USER"] || password != pgEnv["POSTGRES_PASSWORD"] || strings.TrimPrefix(db.Path, "/") != pgEnv["POSTGRES_DB"] {
		t.Errorf("claimtrack signs in as %s to database %s; PostgreSQL creates user %s (with another password?) and database %s",
			db.User.Username(), db.Path, pgEnv["POSTGRES_USER"], pgEnv["POSTGRES_DB"])
	}
	if !onNamedVolume(p, pg, "/var/lib/postgresql/data") {
		t.Errorf("PostgreSQL's data is not on a named volume (volumes %v)", pg.Volumes)
	}
	if cond := ct.dependsOn(t)[db.Hostname()]; cond != "service_healthy" || len(pg.Healthcheck.Test) == 0 {
		t.Errorf("claimtrack waits for PostgreSQL with condition %q (health check %v), want service_healthy", cond, pg.Healthcheck.Test)
	}

	smtp, err := url.Parse(env["CLAIMTRACK_SMTP_URL"])
	if err != nil || smtp.Scheme != "smtp" || smtp.Port() != "1025" {
		t.Fatalf("CLAIMTRACK_SMTP_URL = %q, want smtp://<mail catcher>:1025", env["CLAIMTRACK_SMTP_URL"])
	}
	catcher, ok := up[smtp.Hostname()]
	if !ok || !strings.HasPrefix(catcher.Image, "axllent/mailpit") {
		t.Fatalf("claimtrack's SMTP server %q is not the Mailpit service", smtp.Hostname())
	}
	if !slices.ContainsFunc(catcher.Ports, func(p string) bool { return strings.HasSuffix(p, ":8025") }) {
		t.Errorf("Mailpit's web page (8025) is not published: ports %v", catcher.Ports)
	}
	if !slices.ContainsFunc(ct.Ports, func(p string) bool { return strings.HasSuffix(p, ":8080") }) {
		t.Errorf("claimtrack (8080) is not published: ports %v", ct.Ports)
	}
}

func TestCompose_KeepsASQLiteWayOnAVolume(t *testing.T) {
	p := loadCompose(t)
	for name, svc := range p.Services {
		dsn := svc.environment(t)["CLAIMTRACK_DATABASE"]
		if dsn == "" || strings.Contains(dsn, "://") {
			continue
		}
		if len(svc.Profiles) == 0 {
			t.Errorf("%s (SQLite) starts with a plain `docker compose up` beside the PostgreSQL one", name)
		}
		if !onNamedVolume(p, svc, filepath.Dir(dsn)) {
			t.Errorf("%s: the SQLite file %s is not on a named volume (volumes %v)", name, dsn, svc.Volumes)
		}
		return
	}
	t.Error("docker-compose.yml documents no way to run on SQLite")
}

// onNamedVolume reports whether svc mounts one of the project's named
// volumes on dir.
func onNamedVolume(p composeProject, svc composeService, dir string) bool {
	for _, v := range svc.Volumes {
		name, target, _ := strings.Cut(v, ":")
		target, _, _ = strings.Cut(target, ":")
		if _, named := p.Volumes[name]; named && target == dir {
			return true
		}
	}
	return false
}
