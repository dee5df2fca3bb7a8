// Package config is claimtrack's one registry of settings. Each setting is an
// environment variable CLAIMTRACK_X_Y and a flag --x-y with a default; flags
// override the environment, the environment overrides the default. Parse
// reads them all once, validates them and returns a typed Config; the help
// text and the README's table are generated from the same registry.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the validated configuration, produced once by Parse and passed
// down as a value.
type Config struct {
	// Addr is the host:port the HTTP server listens on.
	Addr string
	// Database is a SQLite file path or a postgres:// URL.
	Database string
	// BaseURL is the public address without a trailing slash.
	BaseURL string
	// Demo loads the demo story into an empty database.
	Demo bool
	// LogLevel is the lowest level logged.
	LogLevel slog.Level
	// LogFormat is "text" or "json".
	LogFormat string
	// AccessLog logs one line per HTTP request.
	AccessLog bool
	// ShutdownTimeout bounds how long in-flight requests may drain.
	ShutdownTimeout time.Duration

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// AdminEmail and AdminPassword create the first admin of an empty
	// database; both or neither.
	AdminEmail    string
	AdminPassword string

	// Recheck runs the scheduled source re-checks.
	Recheck bool
	// RecheckSchedule is the cron spec of the sweep job.
	RecheckSchedule string
	// AllowPrivateSources lifts the fetcher's address and port rules.
	AllowPrivateSources bool
	// RecheckLease is how long a sweep holds its sources.
	RecheckLease time.Duration
	// SourcePorts are allowed besides 80 and 443.
	SourcePorts []int

	// Statuses is a file replacing the status vocabulary; "" is built in.
	Statuses string
	// Organization publishes the fact-checks (ClaimReview's author).
	Organization string
	// MetricsToken, when set, guards /metrics.
	MetricsToken string

	// SMTPURL is the outgoing mail server; empty writes files to MailDir.
	SMTPURL  string
	MailFrom string
	MailDir  string

	// AlertDigestWindow delays story subscriptions' alerts so that close
	// resolutions share one mail; 0 sends each at once.
	AlertDigestWindow time.Duration
	// AlertLease is how long the worker holds the outbox rows it delivers.
	AlertLease time.Duration
	// AlertPoll is how often the worker looks for due outbox rows.
	AlertPoll time.Duration

	// baseURLDerived records that BaseURL was worked out from Addr, so that
	// it can follow the port actually bound (see BaseURLFor).
	baseURLDerived bool
}

// Log formats.
const (
	LogText = "text"
	LogJSON = "json"
)

// Parse builds the Config from the defaults, then the environment (read
// through lookupEnv; an empty value counts as unset), then the flags in args.
// It returns flag.ErrHelp when args ask for help, and otherwise an error
// naming every invalid setting as "CLAIMTRACK_X (--x): reason".
func Parse(args []string, lookupEnv func(string) (string, bool)) (Config, error) {
	settings := Settings()
	fs := flag.NewFlagSet("claimtrack", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	flags := make([]*rawFlag, len(settings))
	for i, s := range settings {
		flags[i] = &rawFlag{isBool: s.value.kind == kindBool}
		fs.Var(flags[i], s.Name, s.Description)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, err
		}
		return Config{}, fmt.Errorf("%w (see --help)", err)
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}

	var c Config
	var errs []error
	for i, s := range settings {
		raw, from := s.Default, "default"
		if v, ok := lookupEnv(s.Env()); ok && v != "" {
			raw, from = v, "environment"
		}
		if flags[i].set {
			raw, from = flags[i].raw, "flag"
		}
		if err := s.value.set(&c, strings.TrimSpace(raw)); err != nil {
			shown := strconv.Quote(raw)
			if s.value.hidden {
				shown = "the value"
			}
			errs = append(errs, fmt.Errorf("%s (%s): %s from the %s: %w", s.Env(), s.Flag(), shown, from, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	if c.MailDir == "" {
		c.MailDir = filepath.Join("data", "mail")
		if !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
			c.MailDir = filepath.Join(filepath.Dir(c.Database), "mail")
		}
	}
	if c.BaseURL == "" {
		c.BaseURL, c.baseURLDerived = urlFor(c.Addr), true
	}
	return c, nil
}

// BaseURLFor returns the public base URL for a server bound to addr: the
// configured CLAIMTRACK_BASE_URL when one was given, otherwise one derived
// from the bound address (which differs from Addr when its port is 0).
func (c Config) BaseURLFor(addr net.Addr) string {
	if !c.baseURLDerived || addr == nil {
		return c.BaseURL
	}
	return urlFor(addr.String())
}

// MailFromFor returns the From address of outgoing mail: mail-from when
// set, otherwise the organisation's name at the host of baseURL, so that
// readers see who writes to them ("Daily Bugle" <claimtrack@news.example>).
func (c Config) MailFromFor(baseURL string) string {
	if c.MailFrom != "" {
		return c.MailFrom
	}
	host := "localhost"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" && !strings.Contains(u.Hostname(), ":") {
		host = u.Hostname()
	}
	return (&mail.Address{Name: c.Organization, Address: "claimtrack@" + host}).String()
}

// urlFor derives an http URL from a listen address; an unspecified host
// (all interfaces) is reached through the loopback address.
func urlFor(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// rawFlag records a flag's text for Parse to validate with the others, so a
// bad flag value gets the same message as a bad environment value.
type rawFlag struct {
	raw    string
	set    bool
	isBool bool
}

func (f *rawFlag) String() string { return f.raw }

func (f *rawFlag) Set(v string) error { f.raw, f.set = v, true; return nil }

// IsBoolFlag lets a boolean flag stand alone (--demo means --demo=true).
func (f *rawFlag) IsBoolFlag() bool { return f.isBool }

// LocalURL is where this machine reaches the server: Addr as an http URL,
// with an all-interfaces host replaced by the loopback address.
func (c Config) LocalURL() string { return urlFor(c.Addr) }
