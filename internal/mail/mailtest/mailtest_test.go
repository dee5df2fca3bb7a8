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

func TestServer_RecordsWhatTheSMTPSenderSendsAndDecodesItsText(t *testing.T) {
	srv := mailtest.NewServer(t)
	if !strings.HasPrefix(srv.URL(), "smtp://127.0.0.1:") {
		t.Fatalf("URL = %q, want smtp://127.0.0.1:PORT", srv.URL())
	}
	sender, err := mail.NewSMTP(srv.URL(), "claimtrack <claimtrack@localhost>", mail.Options{
		Timeout: 10 * time.Second,
		DialHook: func(network, addr string) error {
			if host, _, err := net.SplitHostPort(addr); err != nil || !net.ParseIP(host).IsLoopback() {
				t.Errorf("mail dial to non-loopback %s refused", addr)
				return errors.New("test refuses non-loopback dials")
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A line longer than 76 characters and non-ASCII text make the sender
	// encode the body, which Text must undo.
	text := "Grüße. https://claims.example.org/password/reset/" + strings.Repeat("Ab_-9", 20) + "\n"
	for i, to := range []string{"first@newsroom.example", "second@newsroom.example"} {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		err := sender.Send(ctx, mail.Message{To: to, Subject: "Hello", Text: text, HTML: "<p>Hello</p>"})
		cancel()
		if err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	msgs := srv.WaitFor(t, 2)
	if len(msgs) != 2 || msgs[0].To[0] != "first@newsroom.example" || msgs[1].To[0] != "second@newsroom.example" {
		t.Fatalf("messages = %+v", msgs)
	}
	if got := msgs[0].Header().Get("Subject"); got != "Hello" {
		t.Errorf("Subject = %q", got)
	}
	got, err := msgs[0].Text()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ReplaceAll(got, "\r\n", "\n") != text {
		t.Errorf("Text() = %q, want %q", got, text)
	}
}
