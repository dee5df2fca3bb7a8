// Package mailtest runs a real SMTP server (go-smtp) on 127.0.0.1 for tests
// of code that sends mail, and records what it accepts.
package mailtest

import (
	"fmt"
	"io"
	"log"
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
// It accepts every message unless told otherwise (ReplyNext, ReplyTo,
// Script), and records every message it reads, accepted or not.
type Server struct {
	addr string
	// stop ends hanging replies when the server shuts down.
	stop chan struct{}

	mu       sync.Mutex
	messages []Message
	attempts []Attempt
	// tried and accepted count what messages and attempts hold, and keep
	// counting when countOnly stops keeping them.
	tried, accepted int
	countOnly       bool
	arrived         chan struct{} // closed and replaced on every attempt
	faults          faults
}

// NewServer starts a server on 127.0.0.1:0, stopped when t ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s := &Server{arrived: make(chan struct{}), stop: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, conn: c.Conn()}, nil
	}))
	// Dropped and hung connections are what tests ask for, not news.
	srv.ErrorLog = log.New(io.Discard, "", 0)
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
		close(s.stop)
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

// WaitFor waits until at least n messages have been accepted and returns
// them, failing t after 10 seconds.
func (s *Server) WaitFor(t testing.TB, n int) []Message {
	t.Helper()
	s.wait(t, "accepted messages", func() int { return s.accepted }, n)
	return s.Messages()
}

// WaitForAttempts waits until at least n messages have been read, accepted
// or not, and returns every attempt, failing t after 10 seconds.
func (s *Server) WaitForAttempts(t testing.TB, n int) []Attempt {
	t.Helper()
	s.wait(t, "attempts", func() int { return s.tried }, n)
	return s.Attempts()
}

func (s *Server) wait(t testing.TB, what string, count func() int, n int) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		got, arrived := count(), s.arrived
		s.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-arrived:
		case <-timeout:
			t.Fatalf("mailtest: %d of %d %s within 10 s", got, n, what)
			return
		}
	}
}

type session struct {
	srv  *Server
	conn net.Conn
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
	m := Message{From: ss.from, To: append([]string(nil), ss.to...), Data: data}
	reply := ss.srv.record(m)
	switch {
	case reply.Drop:
		// The final dot has been read; closing now leaves the sender not
		// knowing whether the message was taken.
		_ = ss.conn.Close()
		return errDropped
	case reply.Hang:
		<-ss.srv.stop
		return errDropped
	case reply.accepts():
		return nil
	}
	return reply.smtpError()
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }
