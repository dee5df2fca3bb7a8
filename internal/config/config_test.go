package config

import (
	"errors"
	"flag"
	"log/slog"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParse_WithNothingSetGivesTheDocumentedDefaults(t *testing.T) {
	c, err := Parse(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Addr: "127.0.0.1:8080", Database: "data/claimtrack.db", BaseURL: "http://127.0.0.1:8080",
		Demo: true, LogLevel: slog.LevelInfo, LogFormat: LogText, AccessLog: true,
		ShutdownTimeout: 15 * time.Second, baseURLDerived: true,
		Recheck: true, RecheckSchedule: "@every 1m", RecheckLease: 15 * time.Minute,
		MailDir:           "data/mail",
		AlertDigestWindow: 5 * time.Minute, AlertLease: 2 * time.Minute, AlertPoll: 5 * time.Second,
		Organization: "claimtrack",
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", c, want)
	}
}

func TestParse_EnvironmentAndFlagsOverrideInOrder(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(c Config) bool
	}{
		{"env sets addr", map[string]string{"CLAIMTRACK_ADDR": "0.0.0.0:9000"}, nil,
			func(c Config) bool { return c.Addr == "0.0.0.0:9000" }},
		{"flag beats env", map[string]string{"CLAIMTRACK_ADDR": "0.0.0.0:9000"}, []string{"--addr", "127.0.0.1:7000"},
			func(c Config) bool { return c.Addr == "127.0.0.1:7000" }},
		{"single-dash flag works too", nil, []string{"-addr=:7001"},
			func(c Config) bool { return c.Addr == ":7001" }},
		{"empty env counts as unset", map[string]string{"CLAIMTRACK_ADDR": ""}, nil,
			func(c Config) bool { return c.Addr == "127.0.0.1:8080" }},
		{"base url derives from an all-interfaces addr via loopback", map[string]string{"CLAIMTRACK_ADDR": "0.0.0.0:8080"}, nil,
			func(c Config) bool { return c.BaseURL == "http://127.0.0.1:8080" }},
		{"base url derives from an IPv6 addr", map[string]string{"CLAIMTRACK_ADDR": "[::1]:8081"}, nil,
			func(c Config) bool { return c.BaseURL == "http://[::1]:8081" }},
		{"explicit base url loses its trailing slash", map[string]string{"CLAIMTRACK_BASE_URL": "https://claims.example.org/"}, nil,
			func(c Config) bool { return c.BaseURL == "https://claims.example.org" }},
		{"postgres url is a database", map[string]string{"CLAIMTRACK_DATABASE": "postgres://u:p@db:5432/claimtrack?sslmode=disable"}, nil,
			func(c Config) bool { return c.Database == "postgres://u:p@db:5432/claimtrack?sslmode=disable" }},
		{"log level from env, any case", map[string]string{"CLAIMTRACK_LOG_LEVEL": "WARN"}, nil,
			func(c Config) bool { return c.LogLevel == slog.LevelWarn }},
		{"log format json", nil, []string{"--log-format=json"},
			func(c Config) bool { return c.LogFormat == LogJSON }},
		{"shutdown timeout", map[string]string{"CLAIMTRACK_SHUTDOWN_TIMEOUT": "2m30s"}, nil,
			func(c Config) bool { return c.ShutdownTimeout == 150*time.Second }},
		{"a bare boolean flag means on", map[string]string{"CLAIMTRACK_DEMO": "off"}, []string{"--demo"},
			func(c Config) bool { return c.Demo }},
		{"boolean flag with a value", nil, []string{"--access-log=off"},
			func(c Config) bool { return !c.AccessLog }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.args, envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("unexpected config %+v", c)
			}
		})
	}
}

func TestParse_BooleansAcceptTrueFalseOneZeroOnOff(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"true", true}, {"TRUE", true}, {"1", true}, {"on", true}, {"On", true}, {"yes", true},
		{"false", false}, {"False", false}, {"0", false}, {"off", false}, {"OFF", false}, {"no", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			c, err := Parse(nil, envOf(map[string]string{"CLAIMTRACK_DEMO": tt.raw}))
			if err != nil {
				t.Fatal(err)
			}
			if c.Demo != tt.want {
				t.Errorf("CLAIMTRACK_DEMO=%s gave Demo=%v, want %v", tt.raw, c.Demo, tt.want)
			}
		})
	}
}

func TestParse_InvalidValuesNameTheSetting(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"boolean", map[string]string{"CLAIMTRACK_DEMO": "maybe"}, nil,
			[]string{`CLAIMTRACK_DEMO (--demo): "maybe" from the environment`, "on/off"}},
		{"boolean flag", nil, []string{"--access-log=sometimes"},
			[]string{`CLAIMTRACK_ACCESS_LOG (--access-log): "sometimes" from the flag`}},
		{"addr without port", map[string]string{"CLAIMTRACK_ADDR": "garbage"}, nil,
			[]string{"CLAIMTRACK_ADDR (--addr):", "host:port"}},
		{"addr with a bad port", map[string]string{"CLAIMTRACK_ADDR": "127.0.0.1:99999"}, nil,
			[]string{"CLAIMTRACK_ADDR (--addr):", "0 to 65535"}},
		{"relative base url", map[string]string{"CLAIMTRACK_BASE_URL": "claims.example.org"}, nil,
			[]string{"CLAIMTRACK_BASE_URL (--base-url):", "absolute"}},
		{"ftp base url", map[string]string{"CLAIMTRACK_BASE_URL": "ftp://claims.example.org"}, nil,
			[]string{"CLAIMTRACK_BASE_URL (--base-url):"}},
		{"base url with credentials", map[string]string{"CLAIMTRACK_BASE_URL": "https://a:b@claims.example.org"}, nil,
			[]string{"CLAIMTRACK_BASE_URL (--base-url):", "credentials"}},
		{"mysql database", map[string]string{"CLAIMTRACK_DATABASE": "mysql://db/claimtrack"}, nil,
			[]string{"CLAIMTRACK_DATABASE (--database):", "postgres://"}},
		{"postgres without host", map[string]string{"CLAIMTRACK_DATABASE": "postgres:///claimtrack"}, nil,
			[]string{"CLAIMTRACK_DATABASE (--database):", "no host"}},
		{"log level", map[string]string{"CLAIMTRACK_LOG_LEVEL": "verbose"}, nil,
			[]string{"CLAIMTRACK_LOG_LEVEL (--log-level):", "debug, info, warn, error"}},
		{"log format", nil, []string{"--log-format", "xml"},
			[]string{"CLAIMTRACK_LOG_FORMAT (--log-format):", "text, json"}},
		{"duration", map[string]string{"CLAIMTRACK_SHUTDOWN_TIMEOUT": "15"}, nil,
			[]string{"CLAIMTRACK_SHUTDOWN_TIMEOUT (--shutdown-timeout):", "15s"}},
		{"duration too short", map[string]string{"CLAIMTRACK_SHUTDOWN_TIMEOUT": "1ms"}, nil,
			[]string{"CLAIMTRACK_SHUTDOWN_TIMEOUT (--shutdown-timeout):", "between"}},
		{"every bad setting is reported at once", map[string]string{"CLAIMTRACK_DEMO": "maybe", "CLAIMTRACK_ADDR": "x"}, nil,
			[]string{"CLAIMTRACK_DEMO (--demo)", "CLAIMTRACK_ADDR (--addr)"}},
		{"unknown flag", nil, []string{"--colour=blue"},
			[]string{"colour", "--help"}},
		{"stray argument", nil, []string{"now"},
			[]string{`unexpected argument "now"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.args, envOf(tt.env))
			if err == nil {
				t.Fatal("Parse accepted an invalid setting")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParse_AskingForHelpReturnsErrHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "-help"} {
		if _, err := Parse([]string{arg}, envOf(nil)); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("Parse(%s) = %v, want flag.ErrHelp", arg, err)
		}
	}
}

func TestBaseURLFor_FollowsTheBoundPortOnlyWhenDerived(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 43210}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"derived", map[string]string{"CLAIMTRACK_ADDR": "127.0.0.1:0"}, "http://127.0.0.1:43210"},
		{"configured", map[string]string{"CLAIMTRACK_ADDR": "127.0.0.1:0", "CLAIMTRACK_BASE_URL": "https://claims.example.org"}, "https://claims.example.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(nil, envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.BaseURLFor(bound); got != tt.want {
				t.Errorf("BaseURLFor = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRegistry_NamesAreUniqueAndDefaultsValid(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings() {
		if seen[s.Env()] {
			t.Errorf("%s is registered twice", s.Env())
		}
		seen[s.Env()] = true
		if strings.TrimSpace(s.Description) == "" {
			t.Errorf("%s has no description", s.Env())
		}
		if s.Env() != EnvPrefix+strings.ToUpper(strings.ReplaceAll(strings.TrimPrefix(s.Flag(), "--"), "-", "_")) {
			t.Errorf("%s and %s do not match", s.Env(), s.Flag())
		}
	}
	// Parse with nothing set validates every default.
	if _, err := Parse(nil, envOf(nil)); err != nil {
		t.Errorf("a default is invalid: %v", err)
	}
}

func TestWriteHelp_ListsEverySettingWithItsDefault(t *testing.T) {
	var b strings.Builder
	WriteHelp(&b)
	for _, s := range Settings() {
		for _, want := range []string{s.Env(), s.Flag() + " ", s.Description, s.DefaultText()} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("help lacks %q", want)
			}
		}
	}
}

func TestMailFromFor_NamesTheOrganisationAtTheSitesHost(t *testing.T) {
	cases := []struct {
		from, org, base, want string
	}{
		{"", "Daily Bugle", "https://news.example.org:8443/claims", `"Daily Bugle" <claimtrack@news.example.org>`},
		{"", "claimtrack", "http://127.0.0.1:8080", `"claimtrack" <claimtrack@127.0.0.1>`},
		{"", "Zeitung für alle", "http://[::1]:8080", "=?utf-8?q?Zeitung_f=C3=BCr_alle?= <claimtrack@localhost>"},
		{"Desk <desk@example.org>", "Daily Bugle", "https://news.example.org", "Desk <desk@example.org>"},
	}
	for _, tc := range cases {
		c := Config{MailFrom: tc.from, Organization: tc.org}
		if got := c.MailFromFor(tc.base); got != tc.want {
			t.Errorf("MailFromFor(%q) with %q = %q, want %q", tc.base, tc.org, got, tc.want)
		}
	}
}
