package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/robfig/cron/v3"
)

// CronParser reads schedules the way the re-checker's cron job does: the
// five standard fields or a descriptor such as "@every 1m" or "@hourly".
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// schedule accepts a cron spec, so that a typo stops the start with a
// message naming the setting instead of a job that never runs.
func schedule(field func(*Config) *string) value {
	return value{kind: "cron spec", set: func(c *Config, raw string) error {
		raw = strings.TrimSpace(raw)
		if _, err := CronParser.Parse(raw); err != nil {
			return fmt.Errorf("not a cron schedule (e.g. \"@every 1m\" or \"*/5 * * * *\"): %v", err)
		}
		*field(c) = raw
		return nil
	}}
}

// ports reads a comma-separated list of TCP ports.
func ports(field func(*Config) *[]int) value {
	return value{kind: "port list", set: func(c *Config, raw string) error {
		var out []int
		for _, part := range strings.Split(raw, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			p, err := strconv.Atoi(part)
			if err != nil || p < 1 || p > 65535 {
				return fmt.Errorf("%q is not a port (1-65535)", part)
			}
			out = append(out, p)
		}
		*field(c) = out
		return nil
	}}
}
