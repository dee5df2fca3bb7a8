package mailtest

import (
	"errors"
	"strings"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
	"github.com/emersion/go-smtp"
)

// Reply is what the server does with a message once it has read it to the
// final dot. The zero Reply accepts it (250).
type Reply struct {
	// Code is the SMTP reply code, such as 421 or 550; 0 or 2xx accepts.
	Code int
	// Text is the reply's text; empty gets a generic one.
	Text string
	// Drop closes the connection without any reply, so the sender cannot
	// tell whether the message was taken (the one case where SMTP may
	// deliver a message twice).
	Drop bool
	// Hang never replies: the connection stays open until the server stops.
	Hang bool
}

// Temporary is a 421 reply, the answer of a server about to close.
var Temporary = Reply{Code: 421, Text: "Service not available, try again later"}

// Permanent is a 550 reply, the answer for a mailbox that does not exist.
var Permanent = Reply{Code: 550, Text: "No such user here"}

// Drop closes the connection after the final dot without replying.
var Drop = Reply{Drop: true}

// Hang reads the message and never replies.
var Hang = Reply{Hang: true}

func (r Reply) accepts() bool { return !r.Drop && !r.Hang && r.Code < 300 }

func (r Reply) smtpError() *smtp.SMTPError {
	text := r.Text
	if text == "" {
		text = "rejected by mailtest"
	}
	return &smtp.SMTPError{Code: r.Code, Message: text}
}

// errDropped ends a session whose connection the server closed on purpose.
var errDropped = errors.New("mailtest: connection dropped on purpose")

// Attempt is one message the server read, with what it answered.
type Attempt struct {
	Message
	// N counts attempts from 1.
	N int
	// MessageID is the Message-ID header, angle brackets included.
	MessageID string
	Reply     Reply
}

// Accepted reports whether the server answered 250.
func (a Attempt) Accepted() bool { return a.Reply.accepts() }

// faults are the replies tests asked for, looked at in this order: an
// address's standing reply, the queue of next replies, the script.
type faults struct {
	byAddress map[string]Reply
	next      []Reply
	script    func(n int, m Message) Reply
}

// ReplyNext answers the next n messages with r, after any already queued.
func (s *Server) ReplyNext(n int, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults.next = append(s.faults.next, r)
	}
}

// ReplyTo answers every message to addr with r until told otherwise (the
// zero Reply accepts again).
func (s *Server) ReplyTo(addr string, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.byAddress == nil {
		s.faults.byAddress = map[string]Reply{}
	}
	s.faults.byAddress[strings.ToLower(addr)] = r
}

// Script decides the reply to every message that neither ReplyTo nor
// ReplyNext answers; n counts attempts from 1. nil accepts them.
func (s *Server) Script(fn func(n int, m Message) Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.script = fn
}

// CountOnly makes the server keep counts instead of messages, so that a
// benchmark's memory shows the sender's, not the server's.
func (s *Server) CountOnly() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.countOnly = true
}

// Accepted returns how many messages the server has accepted.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Attempts returns every message read so far, accepted or not, oldest
// first.
func (s *Server) Attempts() []Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Attempt(nil), s.attempts...)
}

// record notes a message read in full and returns the reply it gets.
func (s *Server) record(m Message) Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.tried + 1
	reply, ok := Reply{}, false
	for _, to := range m.To {
		if reply, ok = s.faults.byAddress[strings.ToLower(to)]; ok {
			break
		}
	}
	switch {
	case ok:
	case len(s.faults.next) > 0:
		reply, s.faults.next = s.faults.next[0], s.faults.next[1:]
	case s.faults.script != nil:
		reply = s.faults.script(n, m)
	}
	s.tried++
	if reply.accepts() {
		s.accepted++
	}
	if !s.countOnly {
		s.attempts = append(s.attempts, Attempt{Message: m, N: n, MessageID: m.Header().Get("Message-Id"), Reply: reply})
		if reply.accepts() {
			s.messages = append(s.messages, m)
		}
	}
	close(s.arrived)
	s.arrived = make(chan struct{})
	return reply
}

// HTML returns the decoded text/html part of a multipart message.
func (m Message) HTML() (string, error) {
	html, err := ctmail.Part(m.Data, "text/html")
	if err == nil && html == "" {
		err = errors.New("mailtest: no text/html part")
	}
	return html, err
}
