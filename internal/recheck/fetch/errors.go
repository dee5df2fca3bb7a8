package fetch

import (
	"context"
	"errors"
	"net"
	"net/url"
)

// The kinds of failure a fetch reports. Every error returned by Get matches
// exactly one of them with errors.Is, except a cancellation of the caller's
// own context, which matches context.Canceled instead (the checker should
// treat that as "the sweep was stopped", not as a finding about the source).
var (
	// ErrRefused means a rule forbade the fetch: the scheme is not http or
	// https, the URL carries credentials or is malformed, the port is not
	// allowed, or every address the host resolves to is in a refused range.
	// No connection was made.
	ErrRefused = errors.New("fetch: refused")
	// ErrTimeout means the connect timeout or the total timeout ran out.
	ErrTimeout = errors.New("fetch: timed out")
	// ErrTooManyRedirects means the server redirected more than MaxRedirects
	// times in a row (a redirect loop, usually).
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	// ErrDNS means the host name could not be resolved or has no address.
	ErrDNS = errors.New("fetch: name not resolved")
	// ErrNetwork means any other transport failure: connection refused or
	// reset, TLS failure, a malformed response or a corrupt compressed body.
	ErrNetwork = errors.New("fetch: network error")
)

// Error carries the kind of a failure together with its detail. Kind is one
// of the sentinel errors above; errors.Is(err, fetch.ErrRefused) and friends
// match on it.
type Error struct {
	Kind error  // one of ErrRefused, ErrTimeout, ErrTooManyRedirects, ErrDNS, ErrNetwork
	URL  string // the URL being fetched when it failed (after redirects)
	Err  error  // the underlying cause, for logs
}

// Error implements error.
func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.URL != "" {
		msg += " " + e.URL
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// KindText names the kind of failure without the URL or the cause, for logs
// that must not carry an address (a webhook's URL is often its credential).
func (e *Error) KindText() string { return e.Kind.Error() }

// Refused reports whether a rule forbade the request: it will be refused
// every time.
func (e *Error) Refused() bool { return e.Kind == ErrRefused }

// Is reports whether target is this error's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the sentinel (ErrRefused, ErrTimeout, ...) that err matches,
// or nil when err is nil or is not a fetch failure (a cancelled context).
func KindOf(err error) error {
	for _, k := range []error{ErrRefused, ErrTimeout, ErrTooManyRedirects, ErrDNS, ErrNetwork} {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}

// errTimeoutCause is the cancellation cause of a Get's own total timeout, so
// it can be told apart from a cancellation by the caller.
var errTimeoutCause = errors.New("total timeout")

// classify turns whatever net/http returned into an *Error of the right kind.
// parent is the caller's context, ctx the per-Get context carrying the
// timeout cause.
func classify(parent, ctx context.Context, rawURL string, err error) error {
	if err == nil {
		return nil
	}
	// net/http's *url.Error names the request that failed, which after
	// redirects is not rawURL.
	var ue *url.Error
	if errors.As(err, &ue) {
		rawURL = ue.URL
	}
	var fe *Error
	if errors.As(err, &fe) {
		// Drop the *url.Error wrapper: ours names the URL itself.
		if fe.URL == "" {
			cp := *fe
			cp.URL = rawURL
			return &cp
		}
		return fe
	}
	if errors.Is(context.Cause(ctx), errTimeoutCause) {
		return &Error{Kind: ErrTimeout, URL: rawURL, Err: err}
	}
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.DeadlineExceeded) {
			return &Error{Kind: ErrTimeout, URL: rawURL, Err: perr}
		}
		return perr
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return &Error{Kind: ErrTimeout, URL: rawURL, Err: err}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return &Error{Kind: ErrDNS, URL: rawURL, Err: err}
	}
	return &Error{Kind: ErrNetwork, URL: rawURL, Err: err}
}
