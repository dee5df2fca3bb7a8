package mail_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/claimtrack/claimtrack/internal/mail"
)

// BenchmarkSend measures one message per connection, as the outbox worker
// sends, against the in-process server on loopback.
func BenchmarkSend(b *testing.B) {
	cases := []struct {
		name     string
		cfg      serverConfig
		scheme   string
		userinfo string
	}{
		{"plain", serverConfig{}, "smtp", ""},
		{"starttls+auth", serverConfig{StartTLS: true, Users: map[string]string{"alice": "secret"}}, "smtp", "alice:secret"},
		{"smtps+auth", serverConfig{ImplicitTLS: true, Users: map[string]string{"alice": "secret"}}, "smtps", "alice:secret"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			srv := startServer(b, c.cfg)
			opts, _ := testOptions(b)
			s, err := mail.NewSMTP(srv.URL(c.scheme, c.userinfo), testFrom, opts)
			if err != nil {
				b.Fatal(err)
			}
			m := alertMessage()
			for b.Loop() {
				if err := s.Send(context.Background(), m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("dir", func(b *testing.B) {
		d, err := mail.NewDir(b.TempDir(), testFrom, mail.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		m := alertMessage()
		for b.Loop() {
			if err := d.Send(context.Background(), m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
