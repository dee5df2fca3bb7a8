package mail_test

import (
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/mail"
)

func TestParseSMTPURL_ReadsSchemeCredentialsAndDefaultPorts(t *testing.T) {
	tests := []struct {
		raw  string
		want mail.SMTPConfig
	}{
		{"smtp://127.0.0.1:1025", mail.SMTPConfig{Host: "127.0.0.1", Port: 1025}},
		{"smtp://relay.internal", mail.SMTPConfig{Host: "relay.internal", Port: 25}},
		{"smtp://user:pass@mail.example.org", mail.SMTPConfig{Host: "mail.example.org", Port: 587, Username: "user", Password: "pass"}},
		{"smtp://user:pass@mail.example.org:2525/", mail.SMTPConfig{Host: "mail.example.org", Port: 2525, Username: "user", Password: "pass"}},
		{"smtps://user:pass@mail.example.org", mail.SMTPConfig{Host: "mail.example.org", Port: 465, ImplicitTLS: true, Username: "user", Password: "pass"}},
		{"smtps://mail.example.org", mail.SMTPConfig{Host: "mail.example.org", Port: 465, ImplicitTLS: true}},
		{"smtp://me%40example.org:p%40ss%3Aw%2Frd@[::1]:587", mail.SMTPConfig{Host: "::1", Port: 587, Username: "me@example.org", Password: "p@ss:w/rd"}},
	}
	for _, tt := range tests {
		got, err := mail.ParseSMTPURL(tt.raw)
		if err != nil {
			t.Errorf("ParseSMTPURL(%q): %v", tt.raw, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseSMTPURL(%q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

func TestParseSMTPURL_RejectsWhatItCannotHonourWithoutLeakingThePassword(t *testing.T) {
	for _, raw := range []string{
		"http://mail.example.org",
		"mail.example.org:587",
		"smtp://",
		"smtp://user@mail.example.org",
		"smtp://:hunter2@mail.example.org",
		"smtp://user:hunter2@mail.example.org/inbox",
		"smtp://user:hunter2@mail.example.org?tls=off",
		"smtp://user:hunter2@mail.example.org:0",
		"smtp://user:hunter2@mail.example.org:70000",
		"smtp://user:hunter2@mail.example.org:%zz",
	} {
		_, err := mail.ParseSMTPURL(raw)
		if err == nil {
			t.Errorf("ParseSMTPURL(%q) succeeded", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error for %q shows the password: %v", raw, err)
		}
	}
}

func TestSMTPConfig_StringHidesThePassword(t *testing.T) {
	c, err := mail.ParseSMTPURL("smtp://user:hunter2@mail.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != "smtp://user:xxxxx@mail.example.org:587" {
		t.Errorf("String() = %q", got)
	}
}
