package fetch

import (
	"context"
	"crypto/tls"
	"net"
	"net/netip"
	"time"

	"github.com/claimtrack/claimtrack/internal/defaults"
)

// Defaults applied by New to zero-valued Options fields.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultMaxBody        = 10 << 20 // 10 MiB, counted after decompression
	DefaultMaxRedirects   = 10
	DefaultPerHostGap     = time.Second
	// DefaultMaxConcurrent is high because a request in flight mostly
	// waits: a host that hangs or drips holds one socket, not memory. What
	// costs memory is bounded apart (MaxLargeBodies, the body cap).
	DefaultMaxConcurrent = 64
	// DefaultHeaderTimeout bounds the wait for a response's header once
	// the request is sent, well inside the total timeout, so a host that
	// never answers is given up early.
	DefaultHeaderTimeout  = 10 * time.Second
	DefaultMaxLargeBodies = 2
	// LargeBody is the size past which reading a body needs one of the
	// MaxLargeBodies turns.
	LargeBody = 1 << 20
)

// Options configures a Client. Zero values mean the defaults above.
type Options struct {
	// AllowPrivate lifts the address rule and the port rule: any address and
	// any port may be dialed. For intranets and tests
	// (CLAIMTRACK_ALLOW_PRIVATE_SOURCES). Scheme and credential rules stay.
	AllowPrivate bool
	// ExtraPorts are allowed in addition to 80 and 443 (CLAIMTRACK_SOURCE_PORTS).
	ExtraPorts []int
	// AllowAddr, when set, exempts the exact address and port it returns
	// true for from the address and port rules at dial time. It is meant for
	// tests and for an intranet that needs one known host; a URL naming the
	// address directly must still use an allowed port (add it to ExtraPorts).
	AllowAddr func(netip.AddrPort) bool

	// ConnectTimeout bounds each TCP connect and TLS handshake.
	ConnectTimeout time.Duration
	// Timeout bounds a whole Get from its first request (after the
	// politeness wait) to the end of the body, redirects included.
	Timeout time.Duration
	// HeaderTimeout bounds the wait for each response header after its
	// request was sent (redirects included).
	HeaderTimeout time.Duration
	// MaxLargeBodies is how many bodies may be read past LargeBody at
	// once across all hosts; the others wait for a turn (within their
	// total timeout) before reading on.
	MaxLargeBodies int
	// MaxBody caps the body after decompression; longer bodies are cut and
	// reported with Result.Truncated.
	MaxBody int64
	// MaxRedirects is how many redirects one Get follows before failing
	// with ErrTooManyRedirects.
	MaxRedirects int
	// UserAgent is sent with every request; see UserAgent().
	UserAgent string

	// PerHostGap is the minimum time between the end of one request to a
	// host and the start of the next. Zero means DefaultPerHostGap; a
	// negative value disables the gap (tests, benchmarks).
	PerHostGap time.Duration
	// MaxConcurrent limits requests in flight across all hosts.
	MaxConcurrent int

	// Resolver resolves host names; the default is net.DefaultResolver.
	// Tests inject one to answer a public-looking name with 127.0.0.1.
	Resolver func(ctx context.Context, host string) ([]netip.Addr, error)
	// DialHook, when set, is called with every address the client is about
	// to dial, after the rules allowed it. A non-nil error aborts that dial;
	// tests use this to record dials and as a safety net that keeps traffic
	// on loopback even if a rule were broken.
	DialHook func(network, addr string) error
	// TLSConfig is used for https; nil means the system roots.
	TLSConfig *tls.Config
	// Now is the clock used for durations and Retry-After dates.
	Now func() time.Time
}

// UserAgent returns the honest User-Agent claimtrack sends: its name and
// version, and the instance's base URL so a site owner can find out who is
// fetching their pages.
func UserAgent(version, baseURL string) string {
	ua := "claimtrack"
	if version != "" {
		ua += "/" + version
	}
	if baseURL != "" {
		ua += " (+" + baseURL + ")"
	}
	return ua
}

// defaultOptions are the values fields left unset take.
func defaultOptions() Options {
	return Options{
		ConnectTimeout: DefaultConnectTimeout,
		Timeout:        DefaultTimeout,
		HeaderTimeout:  DefaultHeaderTimeout,
		MaxLargeBodies: DefaultMaxLargeBodies,
		MaxBody:        DefaultMaxBody,
		MaxRedirects:   DefaultMaxRedirects,
		UserAgent:      UserAgent("", ""),
		PerHostGap:     DefaultPerHostGap,
		MaxConcurrent:  DefaultMaxConcurrent,
		Resolver:       systemResolver,
		Now:            time.Now,
	}
}

// systemResolver is net.DefaultResolver's.
func systemResolver(ctx context.Context, host string) ([]netip.Addr, error) {
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// withDefaults fills every option left unset (zero, or negative for a
// number) with its default; the constructor calls it once.
func (o Options) withDefaults() Options {
	// A negative gap is not unset but "no gap".
	noGap := o.PerHostGap < 0
	defaults.Fill(&o, defaultOptions())
	if noGap {
		o.PerHostGap = 0
	}
	return o
}
