package config

import (
	"log/slog"
	"net/netip"
	"strings"
	"time"
)

// EnvPrefix starts every setting's environment variable.
const EnvPrefix = "CLAIMTRACK_"

// Setting is one entry of the registry.
type Setting struct {
	// Name is the flag's name without dashes, e.g. "shutdown-timeout".
	Name string
	// Default is the text used when neither the environment nor a flag
	// sets the value; empty when the default is worked out (see DefaultDoc).
	Default string
	// DefaultDoc describes a derived default for the help and the README.
	DefaultDoc  string
	Description string
	value       value
}

// Env returns the setting's environment variable, e.g. CLAIMTRACK_SHUTDOWN_TIMEOUT.
func (s Setting) Env() string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(s.Name, "-", "_"))
}

// Flag returns the setting's flag with its dashes, e.g. --shutdown-timeout.
func (s Setting) Flag() string { return "--" + s.Name }

// Kind names the form of the value, e.g. "bool", "duration", "host:port".
func (s Setting) Kind() string { return s.value.kind }

// DefaultText is the default as the help and the README show it.
func (s Setting) DefaultText() string {
	if s.DefaultDoc != "" {
		return s.DefaultDoc
	}
	return s.Default
}

// Settings returns the registry in the order the help lists it. A new
// setting is one more entry here plus its field in Config.
func Settings() []Setting {
	return []Setting{
		{
			Name: "addr", Default: "127.0.0.1:8080",
			Description: "Address the HTTP server listens on. Use 0.0.0.0:8080 to accept connections from other machines.",
			value:       hostPort(func(c *Config) *string { return &c.Addr }),
		},
		{
			Name: "database", Default: "data/claimtrack.db",
			Description: "A SQLite file path (its directory is created), or a postgres:// URL for PostgreSQL.",
			value:       database(func(c *Config) *string { return &c.Database }),
		},
		{
			Name: "base-url", DefaultDoc: "http://<addr>",
			Description: "Public address of the site, used wherever a link must be absolute (canonical links). An absolute http or https URL.",
			value:       baseURL(func(c *Config) *string { return &c.BaseURL }),
		},
		{
			Name: "demo", Default: "on",
			Description: "Load the demo story when the database has no stories yet.",
			value:       boolean(func(c *Config) *bool { return &c.Demo }),
		},
		{
			Name: "log-level", Default: "info",
			Description: "Lowest level of log lines written: debug, info, warn or error.",
			value: choice(func(c *Config) *slog.Level { return &c.LogLevel },
				[]string{"debug", "info", "warn", "error"},
				[]slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError}),
		},
		{
			Name: "log-format", Default: LogText,
			Description: "Log line format: text (key=value) or json (one object per line).",
			value: choice(func(c *Config) *string { return &c.LogFormat },
				[]string{LogText, LogJSON}, []string{LogText, LogJSON}),
		},
		{
			Name: "access-log", Default: "on",
			Description: "Log one line per HTTP request, with its request id.",
			value:       boolean(func(c *Config) *bool { return &c.AccessLog }),
		},
		{
			Name: "shutdown-timeout", Default: "15s",
			Description: "How long requests in flight may take to finish on SIGINT or SIGTERM before the server stops anyway.",
			value:       duration(func(c *Config) *time.Duration { return &c.ShutdownTimeout }, time.Second, time.Hour),
		},
		{
			Name: "trusted-proxies", Default: "",
			Description: "Comma-separated IP addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed for the client address (login throttling, logs). Empty: the peer address is the client.",
			value:       prefixes(func(c *Config) *[]netip.Prefix { return &c.TrustedProxies }),
		},
		{
			Name: "admin-email", Default: "",
			Description: "With admin-password, creates this first admin when the database has no users; otherwise serve prints a one-time setup link.",
			value:       email(func(c *Config) *string { return &c.AdminEmail }),
		},
		{
			Name: "admin-password", Default: "",
			Description: "Password for admin-email. Read once at start, only when the database has no users; unset it afterwards.",
			value:       secret(func(c *Config) *string { return &c.AdminPassword }),
		},
		{
			Name: "recheck", Default: "true",
			Description: "Re-check linked sources on the schedule and record what changed on the claims' timelines.",
			value:       boolean(func(c *Config) *bool { return &c.Recheck }),
		},
		{
			Name: "recheck-schedule", Default: "@every 1m",
			Description: "How often the re-checker looks for sources that are due (a cron spec: five fields or @every/@hourly). Each source has its own next-check time.",
			value:       schedule(func(c *Config) *string { return &c.RecheckSchedule }),
		},
		{
			Name: "allow-private-sources", Default: "false",
			Description: "Let source checks reach private, loopback and link-local addresses and any port (intranets, tests). Off, such sources are refused without a connection.",
			value:       boolean(func(c *Config) *bool { return &c.AllowPrivateSources }),
		},
		{
			Name: "recheck-lease", Default: "15m",
			Description: "How long a sweep holds the sources it took. Instances sharing a database never check a leased source; when an instance dies mid-sweep, the others take its sources once their lease runs out. A source still waiting for its turn at a busy host when its lease runs out is dropped, not fetched, and checked by whoever leases it next, so keep the lease well above a batch's wait at one host (100 sources, one request a second).",
			value:       duration(func(c *Config) *time.Duration { return &c.RecheckLease }, 5*time.Second, 24*time.Hour),
		},
		{
			Name: "source-ports", Default: "",
			Description: "Comma-separated ports source URLs may use besides 80 and 443.",
			value:       ports(func(c *Config) *[]int { return &c.SourcePorts }),
		},
		{
			Name: "statuses", DefaultDoc: "(built in)",
			Description: "A YAML or JSON file that replaces the status vocabulary: a list under \"statuses\" of id, label, description, resolved, color and rating (the ClaimReview rating of a resolved status). Checked at start; a status that claims still use cannot be removed.",
			value:       path(func(c *Config) *string { return &c.Statuses }),
		},
		{
			Name: "organization", Default: "claimtrack",
			Description: "The name of the organisation that publishes the fact-checks: the author of the schema.org ClaimReview on resolved claims' pages.",
			value:       nonEmpty(func(c *Config) *string { return &c.Organization }),
		},
		{
			Name: "metrics-token", Default: "",
			Description: "When set, /metrics (Prometheus) answers only requests with \"Authorization: Bearer <token>\". Empty: /metrics is open only when the server listens on loopback alone (127.0.0.1, ::1), and answers 401 otherwise.",
			value:       secret(func(c *Config) *string { return &c.MetricsToken }),
		},
		{
			Name: "smtp-url", Default: "",
			Description: "SMTP server for outgoing mail: smtp://user:pass@host:587 (STARTTLS whenever offered, and always before credentials), smtps://host for implicit TLS, or smtp://127.0.0.1:1025 for a local relay or mail catcher. Empty: messages are written as .eml files to mail-dir, where admins read them at /admin/mail.",
			value:       smtpURL(func(c *Config) *string { return &c.SMTPURL }),
		},
		{
			Name: "mail-from", DefaultDoc: "the organisation at the base URL's host: \"<organization>\" <claimtrack@<host>>",
			Description: "The From address of outgoing mail, with or without a display name.",
			value:       mailbox(func(c *Config) *string { return &c.MailFrom }),
		},
		{
			Name: "mail-dir", DefaultDoc: "mail/ beside the SQLite file (data/mail); data/mail with PostgreSQL",
			Description: "Where messages are written when smtp-url is empty (the directory is created with the first message).",
			value:       path(func(c *Config) *string { return &c.MailDir }),
		},
		{
			Name: "alert-digest-window", Default: "5m",
			Description: "How long a story subscriber's alerts wait so that resolutions close together go out as one email listing them (claim subscribers are mailed at once). 0 turns digests off.",
			value:       duration(func(c *Config) *time.Duration { return &c.AlertDigestWindow }, 0, 24*time.Hour),
		},
		{
			Name: "alert-lease", Default: "2m",
			Description: "How long the alert worker holds the outbox rows it is delivering before another worker (or this one after a crash or restart) may take them again. It must outlast one SMTP transaction.",
			value:       duration(func(c *Config) *time.Duration { return &c.AlertLease }, time.Minute, time.Hour),
		},
		{
			Name: "alert-poll", Default: "5s",
			Description: "How often the alert worker looks for due alerts (retries, digests, other instances' rows); a status change made by this instance wakes it at once.",
			value:       duration(func(c *Config) *time.Duration { return &c.AlertPoll }, 100*time.Millisecond, 10*time.Minute),
		},
	}
}
