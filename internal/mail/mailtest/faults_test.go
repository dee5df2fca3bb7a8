package mailtest_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/mail"
	"github.com/claimtrack/claimtrack/internal/mail/mailtest"
)

func loopbackSender(t *testing.T, srv *mailtest.Server) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(srv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		Timeout: 5 * time.Second,
		DialHook: func(network, addr string) error {
			if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
				return errors.New("test refuses non-loopback dials")
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func send(t *testing.T, s *mail.SMTP, to, id string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	return s.Send(ctx, mail.Message{To: to, Subject: "Hello", Text: "Hello\n", HTML: "<p>Hello &amp; welcome</p>", MessageID: id})
}

func TestServerFaults_RepliesAsToldAndRecordsEveryAttempt(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := loopbackSender(t, srv)
	srv.ReplyNext(1, mailtest.Temporary)
	srv.ReplyNext(1, mailtest.Drop)
	srv.ReplyTo("Bounce@Example.org", mailtest.Permanent)

	cases := []struct {
		to, id    string
		code      int
		permanent bool
		ok        bool
	}{
		{"a@example.org", "m1", 421, false, false},
		{"a@example.org", "m2", 0, false, false}, // dropped: no reply at all
		{"bounce@example.org", "m3", 550, true, false},
		{"a@example.org", "m4", 0, false, true},
	}
	for _, c := range cases {
		err := send(t, s, c.to, c.id)
		if c.ok {
			if err != nil {
				t.Errorf("%s: %v, want accepted", c.id, err)
			}
			continue
		}
		if err == nil || mail.Code(err) != c.code || mail.IsPermanent(err) != c.permanent {
			t.Errorf("%s: error %v (code %d, permanent %v), want code %d, permanent %v",
				c.id, err, mail.Code(err), mail.IsPermanent(err), c.code, c.permanent)
		}
	}
	att := srv.WaitForAttempts(t, 4)
	if len(att) != 4 {
		t.Fatalf("%d attempts recorded, want 4", len(att))
	}
	for i, c := range cases {
		if !strings.HasPrefix(att[i].MessageID, "<"+c.id+"@") || att[i].N != i+1 || att[i].Accepted() != c.ok {
			t.Errorf("attempt %d = N %d, id %s, accepted %v; want id %s, accepted %v",
				i+1, att[i].N, att[i].MessageID, att[i].Accepted(), c.id, c.ok)
		}
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d accepted messages, want 1", len(msgs))
	}
	html, err := msgs[0].HTML()
	if err != nil || html != "<p>Hello &amp; welcome</p>" {
		t.Errorf("HTML() = %q, %v", html, err)
	}
}

func TestServerScript_DecidesWhatNoOtherRuleAnswers(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := loopbackSender(t, srv)
	// Every second attempt is refused.
	srv.Script(func(n int, _ mailtest.Message) mailtest.Reply {
		if n%2 == 0 {
			return mailtest.Reply{Code: 452, Text: "Mailbox full"}
		}
		return mailtest.Reply{}
	})
	for i, want := range []int{0, 452, 0} {
		err := send(t, s, "a@example.org", "s"+string(rune('1'+i)))
		if mail.Code(err) != want || (want == 0) != (err == nil) {
			t.Errorf("send %d: %v, want code %d", i+1, err, want)
		}
	}
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("%d accepted, want 2", n)
	}
}

func TestServerHang_NeverRepliesSoTheSenderTimesOut(t *testing.T) {
	srv := mailtest.NewServer(t)
	srv.ReplyNext(1, mailtest.Hang)
	s := loopbackSender(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	err := s.Send(ctx, mail.Message{To: "a@example.org", Subject: "Hi", Text: "Hi\n", MessageID: "h1"})
	if err == nil || !mail.IsTemporary(err) {
		t.Fatalf("Send to a hanging server = %v, want a temporary failure", err)
	}
	if att := srv.Attempts(); len(att) != 1 || att[0].Accepted() {
		t.Errorf("attempts = %+v, want one unanswered", att)
	}
}
