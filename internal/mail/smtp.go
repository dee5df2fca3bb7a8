package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"sync"

	gomail "github.com/wneessen/go-mail"
)

// Default ports when the SMTP URL names none. smtp:// with credentials is
// mail submission (RFC 6409, port 587); smtp:// without them is a relay,
// which listens on 25; smtps:// is implicit TLS on 465 (RFC 8314).
const (
	PortRelay      = 25
	PortSubmission = 587
	PortSMTPS      = 465
)

// SMTPConfig is a parsed CLAIMTRACK_SMTP_URL.
type SMTPConfig struct {
	Host string
	Port int
	// ImplicitTLS is true for smtps://: TLS from the first byte. Otherwise
	// STARTTLS is used whenever the server offers it.
	ImplicitTLS bool
	// Username and Password, when set, are sent with AUTH, and only over
	// TLS.
	Username string
	Password string
}

// ParseSMTPURL reads smtp://[user:pass@]host[:port] or smtps://...; user
// and password are URL-decoded (write "@" in a password as %40).
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url's error repeats the input, which may hold a password.
		return SMTPConfig{}, errors.New("mail: SMTP URL is not a valid URL")
	}
	var c SMTPConfig
	switch u.Scheme {
	case "smtp":
	case "smtps":
		c.ImplicitTLS = true
	default:
		return SMTPConfig{}, fmt.Errorf("mail: SMTP URL must start with smtp:// or smtps://, not %q", u.Scheme+":")
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return SMTPConfig{}, fmt.Errorf("mail: SMTP URL %s has no host", u.Redacted())
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return SMTPConfig{}, fmt.Errorf("mail: SMTP URL %s may not have a path, query or fragment", u.Redacted())
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
		if c.Username == "" || c.Password == "" {
			return SMTPConfig{}, fmt.Errorf("mail: SMTP URL %s needs both user and password, or neither", u.Redacted())
		}
	}
	switch p := u.Port(); {
	case p != "":
		c.Port, err = strconv.Atoi(p)
		if err != nil || c.Port < 1 || c.Port > 65535 {
			return SMTPConfig{}, fmt.Errorf("mail: SMTP URL %s has an invalid port", u.Redacted())
		}
	case c.ImplicitTLS:
		c.Port = PortSMTPS
	case c.Username != "":
		c.Port = PortSubmission
	default:
		c.Port = PortRelay
	}
	return c, nil
}

// String shows the configuration with the password hidden, for logs.
func (c SMTPConfig) String() string {
	scheme := "smtp"
	if c.ImplicitTLS {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(c.Host, strconv.Itoa(c.Port))}
	if c.Username != "" {
		u.User = url.UserPassword(c.Username, "xxxxx")
	}
	return u.String()
}

// SMTP sends messages through an SMTP server. It is safe for concurrent use;
// each Send opens its own connection.
type SMTP struct {
	cfg  SMTPConfig
	opts Options
	comp composer
	tls  *tls.Config
}

// NewSMTP returns a sender for rawURL (see ParseSMTPURL) whose messages come
// from from unless a Message says otherwise.
func NewSMTP(rawURL, from string, opts Options) (*SMTP, error) {
	cfg, err := ParseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	comp, err := newComposer(from, opts)
	if err != nil {
		return nil, err
	}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if opts.TLSConfig != nil {
		tlsCfg = opts.TLSConfig.Clone()
	}
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = cfg.Host
	}
	return &SMTP{cfg: cfg, opts: opts, comp: comp, tls: tlsCfg}, nil
}

// Config returns the parsed SMTP URL.
func (s *SMTP) Config() SMTPConfig { return s.cfg }

// Send delivers m over one new connection. Once the server has accepted the
// DATA, Send returns nil even if QUIT then fails, so a worker does not send
// the message twice. Errors are *SendError (see IsPermanent, IsTemporary).
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.comp.build(m, s.opts.now())
	if err != nil {
		return err
	}
	d := &dialer{ctx: ctx, smtp: s}
	defer d.close()

	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.opts.timeout()),
		gomail.WithTLSConfig(s.tls),
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
		gomail.WithDialContextFunc(d.dial),
		// The connection is fresh; a NOOP would only cost a round trip.
		gomail.WithoutNoop(),
	}
	if s.cfg.ImplicitTLS {
		opts = append(opts, gomail.WithSSL())
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuthCustom(&tlsOnlyAuth{
			user: s.cfg.Username, pass: s.cfg.Password, host: s.cfg.Host,
		}))
	}
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		if msg.IsDelivered() {
			return nil
		}
		return classify(ctx, err)
	}
	return nil
}

// dialer connects for one Send: it applies the DialHook, wraps smtps in TLS
// itself (go-mail does so only with its own dialer) and closes the
// connection when the caller's context ends, which go-mail alone would
// notice only at its next timeout.
type dialer struct {
	ctx  context.Context
	smtp *SMTP

	mu   sync.Mutex
	conn net.Conn
	stop func() bool
}

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if hook := d.smtp.opts.DialHook; hook != nil {
		if err := hook(network, addr); err != nil {
			return nil, err
		}
	}
	var nd net.Dialer
	conn, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if d.smtp.cfg.ImplicitTLS {
		tc := tls.Client(conn, d.smtp.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return nil, err
		}
		conn = tc
	}
	d.mu.Lock()
	d.conn = conn
	d.stop = context.AfterFunc(d.ctx, func() { _ = conn.Close() })
	d.mu.Unlock()
	return conn, nil
}

// close releases the connection even when go-mail returned early without
// closing it (a failed EHLO or STARTTLS).
func (d *dialer) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		d.stop()
		_ = d.conn.Close()
	}
}
