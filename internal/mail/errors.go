package mail

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"

	gomail "github.com/wneessen/go-mail"

	"github.com/claimtrack/claimtrack/internal/mail/envelope"
)

// ErrInsecureAuth is returned when the SMTP URL carries credentials but the
// server offers no TLS to protect them. It is permanent: the configuration,
// not the moment, is wrong.
var ErrInsecureAuth = errors.New("mail: the SMTP URL has credentials but the server offers no STARTTLS; " +
	"refusing to send them in plain text (use a server with STARTTLS, smtps://, or a URL without user:pass)")

// SendError is the error Send returns (see envelope.SendError).
type SendError = envelope.SendError

// IsPermanent reports whether err means the message will never be accepted
// as it is.
func IsPermanent(err error) bool { return envelope.IsPermanent(err) }

// IsTemporary reports whether a later retry may succeed.
func IsTemporary(err error) bool { return envelope.IsTemporary(err) }

// Code returns the SMTP reply code carried by err, or 0.
func Code(err error) int { return envelope.Code(err) }

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
