package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Value kinds shown in the help.
const (
	kindBool     = "bool"
	kindDuration = "duration"
)

// value parses a setting's text into its Config field.
type value struct {
	kind string
	set  func(c *Config, raw string) error
	// hidden keeps the raw value out of error messages (it may hold a
	// password).
	hidden bool
}

// boolean accepts true/false, 1/0 and on/off (plus yes/no), in any case.
func boolean(field func(*Config) *bool) value {
	return value{kind: kindBool, set: func(c *Config, raw string) error {
		switch strings.ToLower(raw) {
		case "true", "1", "on", "yes":
			*field(c) = true
		case "false", "0", "off", "no":
			*field(c) = false
		default:
			return errors.New("not a boolean; use true/false, 1/0 or on/off")
		}
		return nil
	}}
}

func duration(field func(*Config) *time.Duration, lo, hi time.Duration) value {
	return value{kind: kindDuration, set: func(c *Config, raw string) error {
		d, err := time.ParseDuration(raw)
		if err != nil {
			return errors.New("not a duration; write it like 15s, 500ms or 2m")
		}
		if d < lo || d > hi {
			return fmt.Errorf("must be between %s and %s", lo, hi)
		}
		*field(c) = d
		return nil
	}}
}

// choice accepts one of names (case-insensitive) and stores the matching value.
func choice[T any](field func(*Config) *T, names []string, values []T) value {
	return value{kind: strings.Join(names, "|"), set: func(c *Config, raw string) error {
		for i, n := range names {
			if strings.EqualFold(raw, n) {
				*field(c) = values[i]
				return nil
			}
		}
		return fmt.Errorf("must be one of %s", strings.Join(names, ", "))
	}}
}

func hostPort(field func(*Config) *string) value {
	return value{kind: "host:port", set: func(c *Config, raw string) error {
		host, port, err := net.SplitHostPort(raw)
		if err != nil {
			return errors.New("not a host:port address such as 127.0.0.1:8080 or :8080")
		}
		if strings.ContainsAny(host, " /?#@") {
			return fmt.Errorf("%q is not a host name or IP address", host)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("port %q is not a number from 0 to 65535", port)
		}
		*field(c) = raw
		return nil
	}}
}

func database(field func(*Config) *string) value {
	return value{kind: "path|URL", set: func(c *Config, raw string) error {
		if raw == "" {
			return errors.New("must not be empty")
		}
		if strings.HasPrefix(raw, "postgres://") || strings.HasPrefix(raw, "postgresql://") {
			u, err := url.Parse(raw)
			if err != nil {
				// url's message would repeat the URL, password and all.
				return errors.New("not a valid postgres:// URL")
			}
			if u.Host == "" && u.Query().Get("host") == "" {
				return errors.New("the postgres:// URL names no host")
			}
		} else if strings.Contains(raw, "://") {
			return errors.New("only postgres:// URLs and SQLite file paths are supported")
		}
		*field(c) = raw
		return nil
	}}
}

func baseURL(field func(*Config) *string) value {
	return value{kind: "URL", set: func(c *Config, raw string) error {
		if raw == "" {
			return nil // derived from addr once every setting is read
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("must be an absolute http:// or https:// URL such as https://claims.example.org")
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return errors.New("must not contain credentials, a query or a fragment")
		}
		*field(c) = strings.TrimRight(raw, "/")
		return nil
	}}
}
