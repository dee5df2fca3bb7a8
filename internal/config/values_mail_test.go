package config

import (
	"strings"
	"testing"
)

func TestParse_MailSettingsAreRead(t *testing.T) {
	c, err := Parse(nil, envOf(map[string]string{
		"CLAIMTRACK_SMTP_URL": "smtp://alerts:s3cret@mail.example.org:587", "CLAIMTRACK_MAIL_FROM": "Newsroom <alerts@example.org>",
		"CLAIMTRACK_MAIL_DIR": "/var/lib/claimtrack/mail",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != "smtp://alerts:s3cret@mail.example.org:587" || c.MailFrom != "Newsroom <alerts@example.org>" || c.MailDir != "/var/lib/claimtrack/mail" {
		t.Fatalf("config = %+v", c)
	}
}

func TestParse_MailDirDefaultsToBesideTheSQLiteFile(t *testing.T) {
	for db, want := range map[string]string{
		"":                                  "data/mail",
		"/var/lib/claimtrack/claims.db":     "/var/lib/claimtrack/mail",
		"postgres://db.internal/claimtrack": "data/mail",
	} {
		env := map[string]string{}
		if db != "" {
			env["CLAIMTRACK_DATABASE"] = db
		}
		c, err := Parse(nil, envOf(env))
		if err != nil || c.MailDir != want {
			t.Errorf("database %q: mail dir %q, %v; want %q", db, c.MailDir, err, want)
		}
	}
}

func TestParse_RefusesBadMailSettingsNamingThemWithoutEchoingThePassword(t *testing.T) {
	tests := []struct{ env, value string }{
		{"CLAIMTRACK_SMTP_URL", "http://user:hunter2@mail.example.org"},
		{"CLAIMTRACK_SMTP_URL", "smtp://user:hunter2@"},
		{"CLAIMTRACK_MAIL_FROM", "not an address"},
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			_, err := Parse(nil, envOf(map[string]string{tt.env: tt.value}))
			if err == nil || !strings.Contains(err.Error(), tt.env) {
				t.Fatalf("error = %v, want one naming %s", err, tt.env)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("error %q repeats the password", err)
			}
		})
	}
}
