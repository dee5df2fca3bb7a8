// Package fetch is claimtrack's one guarded HTTP client for every fetch of a
// user-supplied URL.
//
// A URL is fetched only if its scheme is http or https, it has no
// credentials and its port is 80, 443 or an extra allowed port. Hosts are
// normalised as browsers do, so "127.1" and "2130706433" are the loopback
// addresses they look like. The client resolves names itself and dials only
// addresses outside loopback, private, link-local, CGNAT, multicast,
// unspecified and reserved ranges (and the IPv4-mapped and NAT64 forms of
// them); the rule is decided on the address actually dialed and applied to
// every redirect, so DNS rebinding and redirects cannot reach an internal
// service. Options.AllowPrivate lifts the address and port rules.
//
// The client is polite: one request in flight per host, a gap between
// requests to one host, a global concurrency limit. It bounds every fetch
// (connect, header and total timeouts, a body cap counted after
// decompression, a redirect limit) and how many large bodies are read at
// once, and identifies itself with an honest User-Agent.
package fetch

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Client fetches user-supplied URLs under the rules of its Options. It is
// safe for concurrent use; share one per process so politeness holds across
// all fetches.
type Client struct {
	opts      Options
	dialer    *net.Dialer
	transport *http.Transport
	polite    *polite
	// large holds a token for every body being read past LargeBody.
	large chan struct{}
}

// New returns a Client for opts, with defaults filled in.
func New(opts Options) *Client {
	c := &Client{opts: opts.withDefaults()}
	c.dialer = &net.Dialer{Timeout: c.opts.ConnectTimeout, Control: c.control}
	tlsConf := c.opts.TLSConfig
	if tlsConf != nil {
		tlsConf = tlsConf.Clone()
	} else {
		tlsConf = &tls.Config{}
	}
	c.transport = &http.Transport{
		// No Proxy: a proxy would make the dialed address the proxy's and
		// defeat the address rule.
		Proxy:                  nil,
		DialContext:            c.dialContext,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    c.opts.ConnectTimeout,
		ResponseHeaderTimeout:  c.opts.HeaderTimeout,
		ForceAttemptHTTP2:      true,
		DisableCompression:     true, // we decompress ourselves, under the cap
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	c.polite = newPolite(c.opts.PerHostGap, c.opts.MaxConcurrent, c.opts.Now)
	c.large = make(chan struct{}, c.opts.MaxLargeBodies)
	return c
}

// Close drops idle connections.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// Conditional holds the validators stored from the previous fetch; set ones
// are sent as If-None-Match and If-Modified-Since.
type Conditional struct {
	ETag         string
	LastModified string
}

// Result is what one Get found.
type Result struct {
	StatusCode  int
	FinalURL    string   // the URL of the last response, after redirects
	Redirects   []string // every URL redirected to, in order
	RemoteAddr  string   // the address dialed for the last response (ip:port)
	ContentType string
	Duration    time.Duration // from the first request (after the politeness wait) to the end of the body
	// ETag and LastModified are the response's validators; on a 304 without
	// them, the ones sent are kept so they can simply be stored again.
	ETag         string
	LastModified string
	// RetryAfter is the delay a 429 or 503 asked for (seconds or an HTTP
	// date); zero when absent or unparsable.
	RetryAfter time.Duration
	// Body is the decompressed body, at most MaxBody bytes, returned as
	// bytes whatever it holds (invalid UTF-8 and PDFs are not errors).
	Body []byte
	// Truncated reports that the body was longer than MaxBody (after
	// decompression) and was cut there; the fetch is not an error.
	Truncated   bool
	NotModified bool // a 304 answered the conditional request
	// Header is the last response's header, for what the fields above do
	// not carry (a bot wall's markers).
	Header http.Header
}

// Get fetches rawURL with a GET request under the client's rules, sending
// the validators in cond. Any HTTP status is a Result, not an error.
//
// Errors match (errors.Is) ErrRefused (a rule forbade it; nothing was
// dialed), ErrTimeout, ErrTooManyRedirects, ErrDNS or ErrNetwork; a
// cancellation of ctx returns ctx's error instead. A body over MaxBody is not
// an error: Result.Truncated is set.
func (c *Client) Get(ctx context.Context, rawURL string, cond Conditional) (*Result, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, &Error{Kind: ErrRefused, URL: rawURL, Err: err}
	}
	if _, _, err := c.checkURL(u); err != nil {
		return nil, err
	}

	// The total timeout starts with the first request, not while waiting
	// for a polite turn, so a busy host does not time its queue out.
	gctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	st := &getState{client: c, cancel: cancel}
	defer st.stop()

	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		st.mu.Lock()
		st.remote = info.Conn.RemoteAddr().String()
		st.mu.Unlock()
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(gctx, trace), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &Error{Kind: ErrRefused, URL: rawURL, Err: err}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}

	hc := &http.Client{
		Transport: st,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if len(via) > c.opts.MaxRedirects {
				return &Error{Kind: ErrTooManyRedirects, URL: next.URL.Redacted(),
					Err: fmt.Errorf("stopped after %d redirects", c.opts.MaxRedirects)}
			}
			st.redirects = append(st.redirects, next.URL.String())
			return nil
		},
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, classify(ctx, gctx, rawURL, err)
	}
	defer resp.Body.Close()

	res := &Result{
		StatusCode:   resp.StatusCode,
		FinalURL:     resp.Request.URL.String(),
		Redirects:    st.redirects,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		NotModified:  resp.StatusCode == http.StatusNotModified,
		Header:       resp.Header,
	}
	if res.NotModified {
		if res.ETag == "" {
			res.ETag = cond.ETag
		}
		if res.LastModified == "" {
			res.LastModified = cond.LastModified
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.opts.Now())
	}
	if !res.NotModified {
		res.Body, res.Truncated, err = c.readBody(gctx, resp.Body, resp.Header.Get("Content-Encoding"))
		if err != nil {
			return nil, classify(ctx, gctx, res.FinalURL, err)
		}
	}
	st.mu.Lock()
	res.RemoteAddr = st.remote
	st.mu.Unlock()
	res.Duration = c.opts.Now().Sub(st.began)
	return res, nil
}

// getState is the per-Get round tripper: it applies the URL rules and the
// politeness rules to every request of one Get, redirects included, and
// starts the total timeout with the first request.
type getState struct {
	client    *Client
	cancel    context.CancelCauseFunc
	redirects []string

	once  sync.Once
	began time.Time
	timer *time.Timer

	mu     sync.Mutex
	remote string
}

// RoundTrip implements http.RoundTripper.
func (st *getState) RoundTrip(req *http.Request) (*http.Response, error) {
	c := st.client
	u, host, err := c.checkURL(req.URL)
	if err != nil {
		return nil, err
	}
	if u != req.URL {
		req = req.Clone(req.Context())
		req.URL = u
		req.Host = ""
	}
	release, err := c.polite.acquire(req.Context(), host)
	if err != nil {
		return nil, err
	}
	st.once.Do(func() {
		st.began = c.opts.Now()
		st.timer = time.AfterFunc(c.opts.Timeout, func() { st.cancel(errTimeoutCause) })
	})
	resp, err := c.transport.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

func (st *getState) stop() {
	if st.timer != nil {
		st.timer.Stop()
	}
}

// releasingBody ends the request's politeness turn when its body is closed:
// the request is in flight until then.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		return time.Duration(min(secs, maxSecs)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
