package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/claimtrack/claimtrack/internal/mail"
)

func TestSend_PlainRelayWithoutTLSOrAuthDelivers(t *testing.T) {
	// The mail-catcher case: smtp://127.0.0.1:1025, no TLS, no credentials.
	srv := startServer(t, serverConfig{})
	s, _ := newSMTP(t, srv.URL("smtp", ""))

	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("server received %d messages, want 1", len(mails))
	}
	got := mails[0]
	if got.From != "alerts@claimtrack.example.org" || !slices.Equal(got.To, []string{"reader@example.net"}) {
		t.Errorf("envelope = MAIL FROM %q RCPT TO %q, want alerts@claimtrack.example.org -> [reader@example.net]", got.From, got.To)
	}
	if got.TLS {
		t.Error("a server without STARTTLS got the message over TLS?")
	}
	if len(srv.Auths()) != 0 {
		t.Errorf("AUTH attempted without credentials in the URL: %+v", srv.Auths())
	}
}

func TestSend_UsesSTARTTLSWhenOffered(t *testing.T) {
	srv := startServer(t, serverConfig{StartTLS: true})
	s, _ := newSMTP(t, srv.URL("smtp", ""))

	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mails := srv.Mails()
	if len(mails) != 1 || !mails[0].TLS {
		t.Fatalf("want one message received over TLS, got %+v", mails)
	}
}

func TestSend_SendsCredentialsOnlyAfterSTARTTLS(t *testing.T) {
	srv := startServer(t, serverConfig{StartTLS: true, Users: map[string]string{"alice": "p@ss word"}})
	s, _ := newSMTP(t, srv.URL("smtp", "alice:p%40ss%20word"))

	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	auths := srv.Auths()
	if len(auths) != 1 || !auths[0].TLS || auths[0].Mech != "PLAIN" {
		t.Fatalf("AUTH attempts = %+v, want one PLAIN on a TLS connection", auths)
	}
	mails := srv.Mails()
	if len(mails) != 1 || mails[0].AuthAs != "alice" || !mails[0].TLS {
		t.Fatalf("want one message from alice over TLS, got %+v", mails)
	}
}

func TestSend_CredentialsWithoutSTARTTLSFailPermanentlyBeforeAnyAUTH(t *testing.T) {
	// The server advertises AUTH PLAIN in plain text; a client that trusted
	// "127.0.0.1 is local" (as net/smtp and go-mail do) would send the password.
	srv := startServer(t, serverConfig{Users: map[string]string{"alice": "secret"}})
	s, _ := newSMTP(t, srv.URL("smtp", "alice:secret"))

	err := send(t, s, simpleMessage())
	if !errors.Is(err, mail.ErrInsecureAuth) {
		t.Fatalf("Send error = %v, want ErrInsecureAuth", err)
	}
	if !mail.IsPermanent(err) || mail.IsTemporary(err) {
		t.Errorf("ErrInsecureAuth should be permanent: IsPermanent=%v IsTemporary=%v", mail.IsPermanent(err), mail.IsTemporary(err))
	}
	if auths := srv.Auths(); len(auths) != 0 {
		t.Errorf("server saw AUTH attempts %+v; credentials must not leave without TLS", auths)
	}
	if n := len(srv.Mails()); n != 0 {
		t.Errorf("server received %d messages", n)
	}
}

func TestSend_SMTPSUsesImplicitTLS(t *testing.T) {
	srv := startServer(t, serverConfig{ImplicitTLS: true, Users: map[string]string{"alice": "secret"}})
	s, _ := newSMTP(t, srv.URL("smtps", "alice:secret"))

	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatalf("Send: %v", err)
	}
	auths := srv.Auths()
	if len(auths) != 1 || !auths[0].TLS {
		t.Fatalf("AUTH attempts = %+v, want one over TLS", auths)
	}
	mails := srv.Mails()
	if len(mails) != 1 || !mails[0].TLS || mails[0].AuthAs != "alice" {
		t.Fatalf("want one message from alice over TLS, got %+v", mails)
	}
}

func TestSend_UntrustedCertificateNeverFallsBackToPlainText(t *testing.T) {
	srv := startServer(t, serverConfig{StartTLS: true, Users: map[string]string{"alice": "secret"}})
	opts, _ := testOptions(t)
	opts.TLSConfig = nil // the system roots do not know the test certificate
	s, err := mail.NewSMTP(srv.URL("smtp", "alice:secret"), testFrom, opts)
	if err != nil {
		t.Fatal(err)
	}

	err = send(t, s, simpleMessage())
	var cve *tls.CertificateVerificationError
	if !errors.As(err, &cve) {
		t.Fatalf("Send error = %v, want a certificate verification error", err)
	}
	if len(srv.Auths()) != 0 || len(srv.Mails()) != 0 {
		t.Errorf("after a failed handshake the server saw auths %+v and %d messages", srv.Auths(), len(srv.Mails()))
	}
}

func TestSend_ClassifiesFailures(t *testing.T) {
	tests := []struct {
		name      string
		cfg       serverConfig
		userinfo  string
		code      int
		permanent bool
	}{
		{"450 at RCPT is temporary", serverConfig{RcptErr: &smtp.SMTPError{Code: 450, EnhancedCode: smtp.EnhancedCode{4, 2, 1}, Message: "mailbox busy"}}, "", 450, false},
		{"550 at RCPT is permanent", serverConfig{RcptErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}, "", 550, true},
		{"451 after DATA is temporary", serverConfig{DataErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}}, "", 451, false},
		{"554 after DATA is permanent", serverConfig{DataErr: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "spam"}}, "", 554, true},
		{"wrong password is permanent", serverConfig{StartTLS: true, Users: map[string]string{"alice": "secret"}}, "alice:wrong", 535, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, tt.cfg)
			s, _ := newSMTP(t, srv.URL("smtp", tt.userinfo))

			err := send(t, s, simpleMessage())
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := mail.Code(err); got != tt.code {
				t.Errorf("Code = %d, want %d (err %v)", got, tt.code, err)
			}
			if mail.IsPermanent(err) != tt.permanent || mail.IsTemporary(err) == tt.permanent {
				t.Errorf("IsPermanent=%v IsTemporary=%v, want permanent=%v (err %v)",
					mail.IsPermanent(err), mail.IsTemporary(err), tt.permanent, err)
			}
			if n := len(srv.Mails()); n != 0 {
				t.Errorf("server stored %d messages", n)
			}
		})
	}
}

func TestSend_MessageAcceptedBeforeTheConnectionDropsCountsAsSent(t *testing.T) {
	// Reporting an error here would make the worker send the mail again.
	srv := startServer(t, serverConfig{HangUpAfterAccept: true})
	s, _ := newSMTP(t, srv.URL("smtp", ""))

	if err := send(t, s, simpleMessage()); err != nil {
		t.Fatalf("Send after the server accepted the message: %v", err)
	}
	if n := len(srv.Mails()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
}

func TestSend_RefusedConnectionIsTemporary(t *testing.T) {
	// A port that was just free and is now closed: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	s, dials := newSMTP(t, "smtp://127.0.0.1:"+strconv.Itoa(port))

	err = send(t, s, simpleMessage())
	if err == nil || !mail.IsTemporary(err) || mail.Code(err) != 0 {
		t.Fatalf("Send error = %v (temporary=%v code=%d), want a temporary error without a code",
			err, mail.IsTemporary(err), mail.Code(err))
	}
	if dials.count() != 1 {
		t.Errorf("dialled %d times, want 1", dials.count())
	}
}

func TestSend_CancelledContextAbortsAStalledServer(t *testing.T) {
	stalled := make(chan struct{})
	srv := startServer(t, serverConfig{Stall: stalled})
	opts, _ := testOptions(t)
	// Far longer than the test may take: only the context can end Send.
	opts.Timeout = time.Hour
	s, err := mail.NewSMTP(srv.URL("smtp", ""), testFrom, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Send(ctx, simpleMessage()) }()
	<-stalled
	cancel()

	err = <-done
	if !errors.Is(err, context.Canceled) || !mail.IsTemporary(err) {
		t.Fatalf("Send error = %v, want a temporary error wrapping context.Canceled", err)
	}
}

func TestNewSMTP_RequiresAValidFrom(t *testing.T) {
	for _, from := range []string{"", "not an address", "a@example.org\r\nBcc: evil@example.org"} {
		if _, err := mail.NewSMTP("smtp://127.0.0.1:1025", from, mail.Options{}); err == nil {
			t.Errorf("NewSMTP with From %q succeeded", from)
		}
	}
}
