// Package mailtest runs a real SMTP server (go-smtp) on 127.0.0.1 for tests
// of code that sends mail, and records what it accepts.
package mailtest

import (
	"fmt"
	"io"
	"net"
	"net/mail"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
)

// Message is one accepted mail as the server received it.
type Message struct {
	From string
	To   []string
	// Data is the raw message, headers and MIME body as sent.
	Data []byte
}

// Header parses the message's header; a message that does not parse gives
// an empty one.
func (m Message) Header() mail.Header {
	r, err := ctmail.Decode(m.Data)
	if err != nil {
		return mail.Header{}
	}
	return r.Header
}

// Text returns the decoded plain-text body: the text/plain part of a
// multipart message, or the whole body of a single-part one.
func (m Message) Text() (string, error) {
	r, err := ctmail.Decode(m.Data)
	if err != nil {
		return "", err
	}
	if r.Text == "" {
		return "", fmt.Errorf("mailtest: no text/plain part")
	}
	return r.Text, nil
}

// Server is a plain SMTP server on loopback without authentication or TLS.
type Server struct {
	addr string

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{} // closed and replaced on every accepted message
}

// NewServer starts a server on 127.0.0.1:0, stopped when t ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s := &Server{arrived: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{srv: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
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
	return s
}

// URL returns "smtp://127.0.0.1:PORT", for mail.NewSMTP.
func (s *Server) URL() string { return "smtp://" + s.addr }

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// WaitFor waits until at least n messages have arrived and returns them,
// failing t after 10 seconds.
func (s *Server) WaitFor(t testing.TB, n int) []Message {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		got, arrived := len(s.messages), s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-arrived:
		case <-timeout:
			t.Fatalf("mailtest: %d of %d messages arrived within 10 s", got, n)
			return nil
		}
	}
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

type session struct {
	srv  *Server
	from string
	to   []string
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("mailtest: reading DATA: %w", err)
	}
	ss.srv.add(Message{From: ss.from, To: append([]string(nil), ss.to...), Data: data})
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }
