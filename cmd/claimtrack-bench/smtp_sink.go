package main

import (
	"io"
	"log"
	"net"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpSink accepts every message on loopback and only counts them: the
// fan-out is measured up to the SMTP server's acceptance.
type smtpSink struct {
	url      string
	accepted atomic.Int64
	close    func()
}

func startSMTPSink() (*smtpSink, error) {
	s := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return sinkSession{s}, nil }))
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "smtp://" + ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	s.close = func() { _ = ln.Close(); _ = srv.Close() }
	return s, nil
}

type sinkSession struct{ s *smtpSink }

func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (ss sinkSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	ss.s.accepted.Add(1)
	return nil
}
