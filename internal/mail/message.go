package mail

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// maxSubjectRunes keeps a subject built from a long claim readable in a mail
// client's list; the full text belongs in the body.
const maxSubjectRunes = 200

// maxUnsubscribeLen keeps the List-Unsubscribe line, which is written
// unfolded, well under SMTP's 998-byte line limit.
const maxUnsubscribeLen = 900

// extraHeaders are the non-X- header names a Message may set; the rest
// (addressing, MIME structure, Message-ID, Date) belong to this package.
var extraHeaders = map[string]bool{
	"Auto-Submitted": true,
	"Precedence":     true,
	"In-Reply-To":    true,
	"References":     true,
	"List-Id":        true,
}

// composer turns a Message into a go-mail Msg with the sender's defaults.
type composer struct {
	from   string
	domain string
}

func newComposer(from string, opts Options) (composer, error) {
	if strings.TrimSpace(from) == "" {
		return composer{}, errors.New("mail: a From address is required (CLAIMTRACK_MAIL_FROM)")
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil {
		return composer{}, fmt.Errorf("mail: invalid From address %q: %w", from, err)
	}
	domain := opts.idDomain()
	if domain == "" {
		domain = addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	}
	return composer{from: addr.String(), domain: idDomain(domain)}, nil
}

// build validates m and renders it dated now. Its errors are permanent: the
// same message would fail the same way on every retry.
func (c composer) build(m Message, now time.Time) (*gomail.Msg, error) {
	msg, err := c.render(m, now)
	if err != nil {
		return nil, &SendError{Permanent: true, Err: err}
	}
	return msg, nil
}

func (c composer) render(m Message, now time.Time) (*gomail.Msg, error) {
	if strings.TrimSpace(m.Text) == "" {
		return nil, errors.New("mail: a message needs a plain-text body")
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())

	from := c.from
	if m.From != "" {
		from = m.From
	}
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: invalid From address: %w", err)
	}
	// ParseAddress accepts exactly one address, so a To of "a@x, b@y" cannot
	// fan a message out to several people.
	if _, err := netmail.ParseAddress(m.To); err != nil {
		return nil, fmt.Errorf("mail: invalid To address %q: %w", m.To, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: invalid To address: %w", err)
	}

	msg.Subject(truncate(HeaderText(m.Subject), maxSubjectRunes))
	msg.SetMessageIDWithValue(idLocal(m.MessageID) + "@" + c.domain)
	msg.SetDateWithValue(now)
	// RFC 3834: tells vacation responders and ticket systems not to answer.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	for name, value := range m.Headers {
		canon := textproto.CanonicalMIMEHeaderKey(name)
		if !headerAllowed(canon) {
			return nil, fmt.Errorf("mail: header %q may not be set by a caller", name)
		}
		msg.SetGenHeader(gomail.Header(canon), HeaderText(value))
	}
	if m.ListUnsubscribe != "" {
		u, err := unsubscribeURL(m.ListUnsubscribe)
		if err != nil {
			return nil, err
		}
		msg.SetListUnsubscribe(u.String())
		if u.Scheme == "https" {
			msg.SetListUnsubscribePost()
		}
	}

	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// HeaderText makes s safe as a header value: invalid UTF-8 is replaced,
// every control character (CR and LF included) and line separator becomes a
// space, and runs of white space collapse to one. The result cannot end a
// header line early, so user text can never add a header of its own.
func HeaderText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

func headerAllowed(canon string) bool {
	if canon == "" {
		return false
	}
	for _, r := range canon {
		if !(r == '-' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return extraHeaders[canon] || (strings.HasPrefix(canon, "X-") && len(canon) > 2)
}

// unsubscribeURL percent-encodes what may not appear raw inside <...> of a
// List-Unsubscribe header (controls, spaces, quotes, brackets, commas,
// non-ASCII), so a token with CR/LF yields a harmless, wrong link rather than
// a new header line. Only absolute http(s) and mailto URLs are accepted.
func unsubscribeURL(raw string) (*url.URL, error) {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`<>",`, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	enc := b.String()
	if len(enc) > maxUnsubscribeLen {
		return nil, fmt.Errorf("mail: List-Unsubscribe URL longer than %d bytes", maxUnsubscribeLen)
	}
	u, err := url.Parse(enc)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid List-Unsubscribe URL: %w", err)
	}
	switch {
	case (u.Scheme == "https" || u.Scheme == "http") && u.Host != "":
	case u.Scheme == "mailto" && u.Opaque != "":
	default:
		return nil, fmt.Errorf("mail: List-Unsubscribe URL %q is not an absolute http(s) or mailto URL", enc)
	}
	return u, nil
}

// idLocal turns a caller's id into the left-hand side of a Message-ID
// (RFC 5322 dot-atom); characters outside a safe set become '-'.
func idLocal(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case strings.ContainsRune("-_+=", r):
			b.WriteRune(r)
		case r == '.':
			if s := b.String(); s != "" && !strings.HasSuffix(s, ".") {
				b.WriteRune(r)
			}
		default:
			b.WriteRune('-')
		}
		if b.Len() >= 64 {
			break
		}
	}
	s := strings.TrimRight(b.String(), ".")
	if s == "" {
		var buf [12]byte
		_, _ = rand.Read(buf[:])
		return hex.EncodeToString(buf[:])
	}
	return s
}

// idDomain makes host usable as the right-hand side of a Message-ID.
func idDomain(host string) string {
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		return "[" + ip.String() + "]"
	}
	var b strings.Builder
	for _, r := range strings.ToLower(host) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '.' {
			b.WriteRune(r)
		}
	}
	s := strings.Trim(b.String(), ".")
	if s == "" {
		return "localhost"
	}
	return s
}
