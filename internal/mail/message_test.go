package mail_test

import (
	"bytes"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/mail"
)

// parseMail parses raw message bytes the way a mail client would.
func parseMail(t *testing.T, data []byte) *netmail.Message {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, data)
	}
	return msg
}

// bodyParts returns the decoded parts of a multipart message by content type.
func bodyParts(t *testing.T, msg *netmail.Message) map[string]string {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	if mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type = %s, want multipart/alternative", mediaType)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts
		}
		if err != nil {
			t.Fatalf("reading parts: %v", err)
		}
		body, err := io.ReadAll(p) // NextPart undoes quoted-printable
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(body)
	}
}

func decodedSubject(t *testing.T, msg *netmail.Message) string {
	t.Helper()
	var dec mime.WordDecoder
	s, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("Subject %q: %v", msg.Header.Get("Subject"), err)
	}
	return s
}

// deliver sends m to a fresh plain test server and returns what it received.
func deliver(t *testing.T, m mail.Message) received {
	t.Helper()
	srv := startServer(t, serverConfig{})
	s, _ := newSMTP(t, srv.URL("smtp", ""))
	if err := send(t, s, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mails := srv.Mails()
	if len(mails) != 1 {
		t.Fatalf("server received %d messages, want 1", len(mails))
	}
	return mails[0]
}

func alertMessage() mail.Message {
	return mail.Message{
		To:              "Reader <reader@example.net>",
		Subject:         "Resolved: Zürich’s tram was never free",
		Text:            "The claim \"Zürich’s tram was never free\" is now resolved.\n\nRead it: https://claims.example.org/claims/7\n.\nA line with only a dot above.",
		HTML:            "<p>The claim <q>Zürich’s tram was never free</q> is now <b>resolved</b>.</p>",
		MessageID:       "outbox-42",
		ListUnsubscribe: "https://claims.example.org/unsubscribe/tok_123",
	}
}

func TestSend_MessageCarriesTextHTMLAndOneClickUnsubscribe(t *testing.T) {
	m := alertMessage()
	got := deliver(t, m)
	msg := parseMail(t, got.Data)

	headers := map[string]string{
		"Message-Id":            "<outbox-42@claims.example.org>",
		"List-Unsubscribe":      "<https://claims.example.org/unsubscribe/tok_123>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Auto-Submitted":        "auto-generated",
		"Mime-Version":          "1.0",
	}
	for name, want := range headers {
		if vals := msg.Header[name]; len(vals) != 1 || vals[0] != want {
			t.Errorf("%s = %q, want exactly [%q]", name, vals, want)
		}
	}
	if s := decodedSubject(t, msg); s != m.Subject {
		t.Errorf("Subject decodes to %q, want %q", s, m.Subject)
	}
	if raw := msg.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?") {
		t.Errorf("non-ASCII Subject sent raw: %q", raw)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "alerts@claimtrack.example.org" || from[0].Name != "Claimtrack" {
		t.Errorf("From = %v (%v), want Claimtrack <alerts@claimtrack.example.org>", from, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "reader@example.net" {
		t.Errorf("To = %v (%v), want reader@example.net", to, err)
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}

	parts := bodyParts(t, msg)
	wantText := strings.ReplaceAll(m.Text, "\n", "\r\n")
	if parts["text/plain"] != wantText {
		t.Errorf("text part = %q, want %q", parts["text/plain"], wantText)
	}
	if parts["text/html"] != m.HTML {
		t.Errorf("html part = %q, want %q", parts["text/html"], m.HTML)
	}
	if len(parts) != 2 {
		t.Errorf("parts = %v, want text/plain and text/html only", slices.Collect(maps.Keys(parts)))
	}
}

func TestSend_TextOnlyMessageIsNotMultipart(t *testing.T) {
	m := simpleMessage()
	msg := parseMail(t, deliver(t, m).Data)
	mediaType, _, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mediaType != "text/plain" {
		t.Errorf("Content-Type = %q, want text/plain", msg.Header.Get("Content-Type"))
	}
	body, _ := io.ReadAll(msg.Body)
	if strings.TrimSpace(string(body)) != m.Text {
		t.Errorf("body = %q, want %q", body, m.Text)
	}
}

func TestSend_ResendOfTheSameOutboxRowKeepsItsMessageID(t *testing.T) {
	srv := startServer(t, serverConfig{})
	s, _ := newSMTP(t, srv.URL("smtp", ""))
	for range 2 {
		if err := send(t, s, alertMessage()); err != nil {
			t.Fatal(err)
		}
	}
	mails := srv.Mails()
	if len(mails) != 2 {
		t.Fatalf("received %d messages, want 2", len(mails))
	}
	a := parseMail(t, mails[0].Data).Header.Get("Message-Id")
	b := parseMail(t, mails[1].Data).Header.Get("Message-Id")
	if a != b || a != "<outbox-42@claims.example.org>" {
		t.Errorf("Message-IDs %q and %q, want both <outbox-42@claims.example.org>", a, b)
	}
}

func TestSend_MessageIDIsAlwaysWellFormed(t *testing.T) {
	tests := []struct {
		name, baseURL, id, want string
	}{
		{"base URL host, port dropped", "https://claims.example.org:8443/app", "outbox-7", "<outbox-7@claims.example.org>"},
		{"no base URL uses the From domain", "", "outbox-7", "<outbox-7@claimtrack.example.org>"},
		{"unsafe characters become dashes", testBaseURL, "outbox 7/<x>@y", "<outbox-7--x--y@claims.example.org>"},
		{"dots stay inside only", testBaseURL, ".a..b.", "<a.b@claims.example.org>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, serverConfig{})
			opts, _ := testOptions(t)
			opts.BaseURL = tt.baseURL
			s, err := mail.NewSMTP(srv.URL("smtp", ""), testFrom, opts)
			if err != nil {
				t.Fatal(err)
			}
			m := simpleMessage()
			m.MessageID = tt.id
			if err := send(t, s, m); err != nil {
				t.Fatal(err)
			}
			got := parseMail(t, srv.Mails()[0].Data).Header.Get("Message-Id")
			if got != tt.want {
				t.Errorf("Message-ID = %q, want %q", got, tt.want)
			}
			if _, err := netmail.ParseAddress("x " + got); err != nil {
				t.Errorf("Message-ID %q is not an addr-spec in angle brackets: %v", got, err)
			}
		})
	}
}

func TestSend_EmptyMessageIDGetsARandomOne(t *testing.T) {
	m := simpleMessage()
	m.MessageID = ""
	got := parseMail(t, deliver(t, m).Data).Header.Get("Message-Id")
	if !strings.HasPrefix(got, "<") || !strings.HasSuffix(got, "@claims.example.org>") || len(got) < len("<@claims.example.org>")+16 {
		t.Errorf("Message-ID = %q, want <random@claims.example.org>", got)
	}
}

func TestSend_CRLFInUserTextAddsNoHeaderAndNoRecipient(t *testing.T) {
	const evil = "\r\nBcc: evil@example.org"
	m := simpleMessage()
	m.Subject = "Resolved: the moon is cheese" + evil
	m.ListUnsubscribe = "https://claims.example.org/unsubscribe/tok" + evil
	m.Headers = map[string]string{"X-Claim": "7" + evil, "X-Other": "a\nBcc: evil@example.org\x00\u2028"}

	got := deliver(t, m)
	if !slices.Equal(got.To, []string{"reader@example.net"}) {
		t.Errorf("envelope recipients = %q, want only reader@example.net", got.To)
	}
	header, _, _ := bytes.Cut(got.Data, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(header), "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc") {
			t.Errorf("header section has a line %q", line)
		}
		if strings.ContainsAny(line, "\r\n\x00") {
			t.Errorf("header line %q holds a raw control character", line)
		}
	}
	msg := parseMail(t, got.Data)
	if _, ok := msg.Header["Bcc"]; ok {
		t.Errorf("message has a Bcc header: %q", msg.Header["Bcc"])
	}
	if s := decodedSubject(t, msg); s != "Resolved: the moon is cheese Bcc: evil@example.org" {
		t.Errorf("Subject = %q, want the CR/LF folded into one space", s)
	}
	if u := msg.Header.Get("List-Unsubscribe"); u != "<https://claims.example.org/unsubscribe/tok%0D%0ABcc:%20evil@example.org>" {
		t.Errorf("List-Unsubscribe = %q, want the CR/LF percent-encoded inside the URL", u)
	}
	if v := msg.Header.Get("X-Claim"); v != "7 Bcc: evil@example.org" {
		t.Errorf("X-Claim = %q", v)
	}
}

func TestSend_LongSubjectIsShortened(t *testing.T) {
	m := simpleMessage()
	m.Subject = "Resolved: " + strings.Repeat("très long claim ", 40)
	s := decodedSubject(t, parseMail(t, deliver(t, m).Data))
	if n := utf8.RuneCountInString(s); n > 200 || !strings.HasSuffix(s, "…") || !strings.HasPrefix(s, "Resolved: très long claim") {
		t.Errorf("Subject (%d runes) = %q, want at most 200 runes ending in …", n, s)
	}
}

func TestSend_PlainHTTPUnsubscribeGetsNoOneClickHeader(t *testing.T) {
	// RFC 8058 one-click needs https; a dev instance on http:// still gets a
	// working List-Unsubscribe link.
	m := simpleMessage()
	m.ListUnsubscribe = "http://localhost:8080/unsubscribe/tok"
	msg := parseMail(t, deliver(t, m).Data)
	if got := msg.Header.Get("List-Unsubscribe"); got != "<http://localhost:8080/unsubscribe/tok>" {
		t.Errorf("List-Unsubscribe = %q", got)
	}
	if got, ok := msg.Header["List-Unsubscribe-Post"]; ok {
		t.Errorf("List-Unsubscribe-Post = %q on a non-https URL", got)
	}
}

func TestSend_InvalidMessagesFailPermanentlyWithoutConnecting(t *testing.T) {
	tests := []struct {
		name   string
		change func(*mail.Message)
	}{
		{"no text body", func(m *mail.Message) { m.Text = " \n" }},
		{"no recipient", func(m *mail.Message) { m.To = "" }},
		{"two recipients", func(m *mail.Message) { m.To = "a@example.net, b@example.net" }},
		{"CR/LF in To", func(m *mail.Message) { m.To = "a@example.net\r\nBcc: evil@example.org" }},
		{"CR/LF in From", func(m *mail.Message) { m.From = "Evil\r\nBcc: evil@example.org <a@example.org>" }},
		{"Bcc header", func(m *mail.Message) { m.Headers = map[string]string{"Bcc": "evil@example.org"} }},
		{"Content-Type header", func(m *mail.Message) { m.Headers = map[string]string{"content-type": "text/html"} }},
		{"header name with a colon", func(m *mail.Message) { m.Headers = map[string]string{"X-A: b\r\nBcc": "x"} }},
		{"javascript unsubscribe URL", func(m *mail.Message) { m.ListUnsubscribe = "javascript:alert(1)" }},
		{"relative unsubscribe URL", func(m *mail.Message) { m.ListUnsubscribe = "/unsubscribe/tok" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, serverConfig{})
			s, dials := newSMTP(t, srv.URL("smtp", ""))
			m := simpleMessage()
			tt.change(&m)

			err := send(t, s, m)
			if !mail.IsPermanent(err) {
				t.Fatalf("Send error = %v, want a permanent error", err)
			}
			if dials.count() != 0 || len(srv.Mails()) != 0 {
				t.Errorf("an invalid message reached the network: %d dials, %d messages", dials.count(), len(srv.Mails()))
			}
		})
	}
}

func TestHeaderText_RemovesEveryWayToEndALine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nb", "a b"},
		{"a\rb\nc", "a b c"},
		{"tab\tand  spaces ", "tab and spaces"},
		{"nul\x00bell\x07del\x7f", "nul bell del"},
		{"c1\u0085next\u2028line\u2029para", "c1 next line para"},
		{"bad utf8 \xff\xfe", "bad utf8 \uFFFD"},
		{"  \r\n  ", ""},
	}
	for _, tt := range tests {
		if got := mail.HeaderText(tt.in); got != tt.want {
			t.Errorf("HeaderText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
