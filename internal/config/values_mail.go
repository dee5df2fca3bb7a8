package config

import (
	"errors"
	"net/mail"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
)

// smtpURL accepts an empty value (mail goes to files) or an smtp:// or
// smtps:// URL. Its value is never repeated in error messages: it may hold
// a password.
func smtpURL(field func(*Config) *string) value {
	return value{kind: "URL", hidden: true, set: func(c *Config, raw string) error {
		if raw != "" {
			if _, err := ctmail.ParseSMTPURL(raw); err != nil {
				return errors.New("not an SMTP URL such as smtp://user:pass@mail.example.org:587, smtps://mail.example.org or smtp://127.0.0.1:1025")
			}
		}
		*field(c) = raw
		return nil
	}}
}

// mailbox accepts one address, with or without a display name, such as
// "claimtrack <alerts@example.org>".
func mailbox(field func(*Config) *string) value {
	return value{kind: "email", set: func(c *Config, raw string) error {
		// Empty is the derived default (Config.MailFromFor).
		if _, err := mail.ParseAddress(raw); raw != "" && err != nil {
			return errors.New(`not an email address such as alerts@example.org or "Newsroom <alerts@example.org>"`)
		}
		*field(c) = raw
		return nil
	}}
}

// nonEmpty accepts any text but none.
func nonEmpty(field func(*Config) *string) value {
	return value{kind: "text", set: func(c *Config, raw string) error {
		if raw == "" {
			return errors.New("must not be empty")
		}
		*field(c) = raw
		return nil
	}}
}

// path accepts a file system path; empty means the derived default.
func path(field func(*Config) *string) value {
	return value{kind: "path", set: func(c *Config, raw string) error {
		*field(c) = raw
		return nil
	}}
}
