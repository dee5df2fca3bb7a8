// Package mail is claimtrack's mail transport: it turns a Message of plain
// strings into a MIME mail and hands it to an SMTP server (SMTP) or, when no
// server is configured, writes it as an .eml file for a developer to open
// (Dir). It knows nothing of claims, subscriptions or the outbox; those live
// with the callers, which pass only strings.
//
// Every header value a caller supplies is cleaned before it reaches the wire:
// control characters (CR and LF above all) become spaces, so no claim text can
// start a header of its own, and non-ASCII text is RFC 2047-encoded.
package mail

import (
	"crypto/tls"
	"log/slog"
	"net/url"
	"time"

	"github.com/claimtrack/claimtrack/internal/mail/envelope"
)

// Sender delivers one message (see envelope.Sender).
type Sender = envelope.Sender

// Message is one mail to one recipient (see envelope.Message).
type Message = envelope.Message

// Options tune a Sender. The zero value is usable.
type Options struct {
	// BaseURL is claimtrack's public URL; its host is the right-hand side of
	// every Message-ID. Empty means the domain of the From address.
	BaseURL string
	// TLSConfig is used for STARTTLS and smtps; nil means the system roots.
	// Tests pass one that trusts their self-signed certificate.
	TLSConfig *tls.Config
	// Timeout bounds connecting (TCP, EHLO, STARTTLS, AUTH) and, afresh,
	// the transfer of the message. Zero means DefaultTimeout.
	Timeout time.Duration
	// DialHook, when set, is called with every address the SMTP sender is
	// about to dial; a non-nil error aborts the dial. Tests use it to keep
	// traffic on loopback.
	DialHook func(network, addr string) error
	// Now is the clock for Date headers and .eml file names.
	Now func() time.Time
	// Logger receives one line per message written by Dir; nil means
	// slog.Default().
	Logger *slog.Logger
}

// DefaultTimeout is the SMTP timeout when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.Default()
}

// idDomain is the host of BaseURL, or "" when it has none.
func (o Options) idDomain() string {
	if o.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// New returns the Sender for claimtrack's settings: an SMTP sender when
// smtpURL is set, otherwise a Dir writing into dir (the embedded default).
func New(smtpURL, from, dir string, opts Options) (Sender, error) {
	if smtpURL != "" {
		return NewSMTP(smtpURL, from, opts)
	}
	return NewDir(dir, from, opts)
}
