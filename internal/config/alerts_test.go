package config

import (
	"strings"
	"testing"
	"time"
)

func TestParse_AlertSettingsHaveTheirDefaults(t *testing.T) {
	c, err := Parse(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.AlertDigestWindow != 5*time.Minute || c.AlertLease != 2*time.Minute || c.AlertPoll != 5*time.Second {
		t.Fatalf("digest window %s, lease %s, poll %s; want 5m, 2m, 5s", c.AlertDigestWindow, c.AlertLease, c.AlertPoll)
	}
}

func TestParse_AlertSettingsAreRead(t *testing.T) {
	c, err := Parse([]string{"--alert-poll", "250ms"}, envOf(map[string]string{
		"CLAIMTRACK_ALERT_DIGEST_WINDOW": "0", "CLAIMTRACK_ALERT_LEASE": "5m", "CLAIMTRACK_ALERT_POLL": "1m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.AlertDigestWindow != 0 || c.AlertLease != 5*time.Minute || c.AlertPoll != 250*time.Millisecond {
		t.Fatalf("digest window %s, lease %s, poll %s; want 0s (off), 5m, 250ms (the flag over the environment)",
			c.AlertDigestWindow, c.AlertLease, c.AlertPoll)
	}
}

func TestParse_RefusesBadAlertSettingsNamingThem(t *testing.T) {
	tests := []struct{ env, value, why string }{
		{"CLAIMTRACK_ALERT_DIGEST_WINDOW", "5", "not a duration"},
		{"CLAIMTRACK_ALERT_DIGEST_WINDOW", "-1m", "between"},
		{"CLAIMTRACK_ALERT_DIGEST_WINDOW", "48h", "between"},
		{"CLAIMTRACK_ALERT_LEASE", "two minutes", "not a duration"},
		// A lease shorter than an SMTP transaction lets a second worker
		// send the same row while the first is still sending it.
		{"CLAIMTRACK_ALERT_LEASE", "10s", "between"},
		{"CLAIMTRACK_ALERT_POLL", "0", "between"},
		{"CLAIMTRACK_ALERT_POLL", "1h", "between"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			_, err := Parse(nil, envOf(map[string]string{tt.env: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.env) || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("error = %v, want one naming %s and saying %q", err, tt.env, tt.why)
			}
		})
	}
}
