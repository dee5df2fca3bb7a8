package mail

import (
	"slices"

	"github.com/wneessen/go-mail/smtp"
)

// tlsOnlyAuth sends credentials only over TLS. go-mail's own PLAIN and LOGIN
// exempt localhost from that rule, and its opportunistic STARTTLS carries on
// in plain text when the server offers none; this wrapper refuses in both
// cases, before any AUTH command is written.
type tlsOnlyAuth struct {
	user, pass, host string
	next             smtp.Auth
}

// Start picks PLAIN, or LOGIN for servers that offer only that, once the
// connection is known to be encrypted.
func (a *tlsOnlyAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS {
		return "", nil, ErrInsecureAuth
	}
	if !slices.Contains(server.Auth, "PLAIN") && slices.Contains(server.Auth, "LOGIN") {
		a.next = smtp.LoginAuth(a.user, a.pass, a.host, false)
	} else {
		a.next = smtp.PlainAuth("", a.user, a.pass, a.host, false)
	}
	return a.next.Start(server)
}

// Next answers the server's challenges through the mechanism Start chose.
func (a *tlsOnlyAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.next.Next(fromServer, more)
}
