package mail

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// ErrInsecureAuth is returned when the SMTP URL carries credentials but the
// server offers no TLS to protect them. It is permanent: the configuration,
// not the moment, is wrong.
var ErrInsecureAuth = errors.New("mail: the SMTP URL has credentials but the server offers no STARTTLS; " +
	"refusing to send them in plain text (use a server with STARTTLS, smtps://, or a URL without user:pass)")

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

// classify wraps an error from go-mail into a SendError. ctx is the caller's
// context, whose end shows up here only as a closed connection.
func classify(ctx context.Context, err error) *SendError {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &SendError{Err: fmt.Errorf("%w (%v)", ctxErr, err)}
	}
	if errors.Is(err, ErrInsecureAuth) {
		return &SendError{Permanent: true, Err: ErrInsecureAuth}
	}
	code := replyCode(err)
	se := &SendError{Code: code, Err: err}
	switch {
	case code >= 500:
		se.Permanent = true
	case code >= 400:
		se.Permanent = false
	default:
		// go-mail reports a message it cannot address as a SendError
		// without a code; that message will never be sendable.
		var ge *gomail.SendError
		if errors.As(err, &ge) && (ge.Reason == gomail.ErrGetSender ||
			ge.Reason == gomail.ErrGetRcpts || ge.Reason == gomail.ErrNoUnencoded) {
			se.Permanent = true
		}
	}
	return se
}

// replyCode finds the SMTP reply code in err: go-mail's SendError carries it
// for MAIL/RCPT/DATA, a textproto.Error for replies during EHLO, STARTTLS and
// AUTH.
func replyCode(err error) int {
	var ge *gomail.SendError
	if errors.As(err, &ge) && ge.ErrorCode() != 0 {
		return ge.ErrorCode()
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}
