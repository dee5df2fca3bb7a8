// Package envelope is what a mail is to the code that writes one: a Message
// of plain strings, the Sender interface that delivers it, and the SendError
// that says whether a retry can help. It imports only the standard library,
// so domain packages (alerts) can compose and classify mail without
// depending on the SMTP transport in internal/mail, which implements Sender.
package envelope

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Sender delivers one message. Send returns nil once the receiving side has
// accepted the message; on failure the error answers IsPermanent and
// IsTemporary, so a worker knows whether to retry.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Message is one mail to one recipient. Only To, Subject and Text are
// required.
type Message struct {
	// From overrides the sender's default From address.
	From string
	// To is a single address ("a@example.org" or "Name <a@example.org>"); one
	// message per recipient keeps subscribers invisible to each other.
	To      string
	Subject string
	// Text is the plain-text body; HTML, when set, is sent as its
	// multipart/alternative twin.
	Text string
	HTML string
	// MessageID is a stable id chosen by the caller, such as "outbox-42"; the
	// header becomes <outbox-42@host>, so a resend of the same row after a
	// crash carries the same Message-ID. Empty means a random id.
	MessageID string
	// ListUnsubscribe is the unsubscribe URL. An https URL also gets
	// "List-Unsubscribe-Post: List-Unsubscribe=One-Click" (RFC 8058); any
	// other scheme gets only List-Unsubscribe, since one-click needs https.
	ListUnsubscribe string
	// Headers are extra header fields. Only names starting with "X-" and
	// Auto-Submitted, Precedence, In-Reply-To, References and List-Id are
	// accepted, so callers cannot override addressing or MIME structure.
	Headers map[string]string
}

// SendError is the error Send returns. Permanent failures (5xx replies, an
// invalid message, ErrInsecureAuth) will fail the same way on a retry;
// everything else (4xx replies, network trouble, timeouts) may succeed later.
type SendError struct {
	// Code is the SMTP reply code, such as 450 or 550; 0 when the failure
	// had no reply (network errors, an invalid message).
	Code int
	// Permanent is true when retrying cannot help.
	Permanent bool
	// Err is the underlying failure, from go-mail, the network or this
	// package.
	Err error
}

func (e *SendError) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	msg := e.Err.Error()
	if !strings.HasPrefix(msg, "mail: ") {
		msg = "mail: " + msg
	}
	return fmt.Sprintf("%s (%s failure)", msg, kind)
}

func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err means the message will never be accepted
// as it is (a 5xx reply, an invalid message or address, credentials that
// would travel without TLS).
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// IsTemporary reports whether a later retry may succeed: 4xx replies,
// network errors, timeouts, TLS handshake failures, cancellation. Any failure
// not known to be permanent counts as temporary, so a worker with bounded
// retries never drops mail on an error it did not foresee.
func IsTemporary(err error) bool {
	return err != nil && !IsPermanent(err)
}

// Code returns the SMTP reply code carried by err, or 0.
func Code(err error) int {
	var se *SendError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}
