package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/claimtrack/claimtrack/internal/mail"
)

// testCert is a self-signed certificate for 127.0.0.1 made once per test
// binary, and a pool that trusts it.
var testCert = sync.OnceValues(func() (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "claimtrack test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
})

// serverConfig says how a testServer behaves.
type serverConfig struct {
	// StartTLS offers STARTTLS; ImplicitTLS speaks TLS from the first byte.
	StartTLS    bool
	ImplicitTLS bool
	// Users, when set, makes the server advertise AUTH PLAIN (on plain
	// connections too, to tempt a careless client) and require it before
	// MAIL.
	Users map[string]string
	// RcptErr and DataErr are answered to RCPT and to the end of DATA.
	RcptErr *smtp.SMTPError
	DataErr *smtp.SMTPError
	// Stall, when set, is closed once the message has arrived; the server
	// then withholds its reply until the client goes away.
	Stall chan struct{}
	// HangUpAfterAccept drops the connection right after the 250 reply to
	// DATA, before the client's RSET and QUIT.
	HangUpAfterAccept bool
}

// received is one accepted message as the server saw it.
type received struct {
	From   string
	To     []string
	Data   []byte
	TLS    bool
	AuthAs string
}

// authAttempt is one AUTH command that reached the server.
type authAttempt struct {
	Mech string
	TLS  bool
}

// testServer is a real SMTP server (go-smtp) on 127.0.0.1 that records what
// it receives.
type testServer struct {
	cfg  serverConfig
	Host string
	Port int

	mu    sync.Mutex
	mails []received
	auths []authAttempt
}

func startServer(t testing.TB, cfg serverConfig) *testServer {
	t.Helper()
	ts := &testServer{cfg: cfg}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{ts: ts, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	cert, _ := testCert()
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if cfg.StartTLS {
		srv.TLSConfig = tlsCfg
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	ts.Host, ts.Port = addr.IP.String(), addr.Port
	if cfg.ImplicitTLS {
		ln = tls.NewListener(ln, tlsCfg)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		// Closing ln too: srv.Close only knows listeners that Serve has
		// already registered, and a test may end before Serve has run.
		_ = ln.Close()
		_ = srv.Close()
		<-done
	})
	return ts
}

// URL returns scheme://[userinfo@]127.0.0.1:port.
func (ts *testServer) URL(scheme, userinfo string) string {
	if userinfo != "" {
		userinfo += "@"
	}
	return fmt.Sprintf("%s://%s%s", scheme, userinfo, net.JoinHostPort(ts.Host, strconv.Itoa(ts.Port)))
}

func (ts *testServer) Mails() []received {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]received(nil), ts.mails...)
}

func (ts *testServer) Auths() []authAttempt {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]authAttempt(nil), ts.auths...)
}

type session struct {
	ts       *testServer
	conn     *smtp.Conn
	authAs   string
	from     string
	to       []string
	accepted bool
}

func (s *session) isTLS() bool {
	_, ok := s.conn.TLSConnectionState()
	return ok
}

func (s *session) AuthMechanisms() []string {
	if s.ts.cfg.Users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	s.ts.mu.Lock()
	s.ts.auths = append(s.ts.auths, authAttempt{Mech: mech, TLS: s.isTLS()})
	s.ts.mu.Unlock()
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if want, ok := s.ts.cfg.Users[user]; ok && want == pass {
			s.authAs = user
			return nil
		}
		return smtp.ErrAuthFailed
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.ts.cfg.Users != nil && s.authAs == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.ts.cfg.RcptErr != nil {
		return s.ts.cfg.RcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if s.ts.cfg.Stall != nil {
		close(s.ts.cfg.Stall)
		// Read until the client hangs up; go-smtp has no other way to learn
		// of it inside Data.
		_, _ = io.Copy(io.Discard, s.conn.Conn())
		return &smtp.SMTPError{Code: 421, Message: "gone"}
	}
	if s.ts.cfg.DataErr != nil {
		return s.ts.cfg.DataErr
	}
	s.ts.mu.Lock()
	s.ts.mails = append(s.ts.mails, received{
		From: s.from, To: append([]string(nil), s.to...), Data: data, TLS: s.isTLS(), AuthAs: s.authAs,
	})
	s.ts.mu.Unlock()
	s.accepted = true
	return nil
}

// Reset also runs right after the reply to DATA has been written.
func (s *session) Reset() {
	if s.accepted && s.ts.cfg.HangUpAfterAccept {
		// The raw connection: smtp.Conn.Close would wait for the lock that
		// its own reset holds while calling us.
		_ = s.conn.Conn().Close()
	}
	s.from, s.to, s.accepted = "", nil, false
}

func (s *session) Logout() error { return nil }

// dialLog is a DialHook that refuses and records any address that is not
// loopback, so no test can send mail off this machine.
type dialLog struct {
	t     testing.TB
	mu    sync.Mutex
	dials []string
}

func (d *dialLog) hook(network, addr string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dials = append(d.dials, addr)
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		d.t.Errorf("dial to non-loopback %s %s refused", network, addr)
		return fmt.Errorf("test refuses to dial %s", addr)
	}
	return nil
}

func (d *dialLog) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.dials)
}

const (
	testFrom    = "Claimtrack <alerts@claimtrack.example.org>"
	testBaseURL = "https://claims.example.org"
)

// testOptions trusts the test certificate and keeps dials on loopback.
func testOptions(t testing.TB) (mail.Options, *dialLog) {
	t.Helper()
	_, pool := testCert()
	dl := &dialLog{t: t}
	return mail.Options{
		BaseURL:   testBaseURL,
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		Timeout:   20 * time.Second,
		DialHook:  dl.hook,
	}, dl
}

func newSMTP(t *testing.T, rawURL string) (*mail.SMTP, *dialLog) {
	t.Helper()
	opts, dl := testOptions(t)
	s, err := mail.NewSMTP(rawURL, testFrom, opts)
	if err != nil {
		t.Fatalf("NewSMTP(%q): %v", rawURL, err)
	}
	return s, dl
}

func send(t *testing.T, s mail.Sender, m mail.Message) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return s.Send(ctx, m)
}

// simpleMessage is a minimal valid message.
func simpleMessage() mail.Message {
	return mail.Message{
		To:        "reader@example.net",
		Subject:   "Resolved: the bridge was built in 1932",
		Text:      "The claim was resolved.",
		MessageID: "outbox-1",
	}
}
