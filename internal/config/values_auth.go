package config

import (
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"strings"
)

// email accepts an empty value or one bare address such as a@example.org.
func email(field func(*Config) *string) value {
	return value{kind: "email", set: func(c *Config, raw string) error {
		if raw != "" {
			a, err := mail.ParseAddress(raw)
			if err != nil || a.Address != raw {
				return errors.New("not a bare email address such as editor@example.org")
			}
		}
		*field(c) = raw
		return nil
	}}
}

// secret accepts any text; its value is never repeated in error messages.
func secret(field func(*Config) *string) value {
	return value{kind: "text", hidden: true, set: func(c *Config, raw string) error {
		*field(c) = raw
		return nil
	}}
}

// prefixes accepts a comma-separated list of CIDR ranges or single IP
// addresses (a single address counts as its own /32 or /128).
func prefixes(field func(*Config) *[]netip.Prefix) value {
	return value{kind: "CIDR list", set: func(c *Config, raw string) error {
		var out []netip.Prefix
		for _, part := range strings.Split(raw, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if p, err := netip.ParsePrefix(part); err == nil {
				out = append(out, p.Masked())
				continue
			}
			a, err := netip.ParseAddr(part)
			if err != nil {
				return fmt.Errorf("%q is neither an IP address nor a CIDR range such as 10.0.0.0/8", part)
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
		*field(c) = out
		return nil
	}}
}
