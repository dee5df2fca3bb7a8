package web

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/url"
	"strings"

	ctmail "github.com/claimtrack/claimtrack/internal/mail"
)

// adminMailPage is the view of /admin/mail: the mail claimtrack wrote to
// files instead of sending, newest first.
type adminMailPage struct {
	Meta meta
	Bar  editorBar
	// Dir is where the files are; empty when an SMTP server takes the mail.
	Dir      string
	Messages []adminMailRow
}

type adminMailRow struct {
	URL     string
	When    string
	To      string
	Subject string
}

// adminMailMessagePage shows one written message as a mail client would:
// its main headers and its plain-text part, with the raw file below.
type adminMailMessagePage struct {
	Meta    meta
	Bar     editorBar
	Name    string
	Headers []adminMailHeader
	Text    string
	Raw     string
}

type adminMailHeader struct{ Name, Value string }

func adminMailURL(name string) string { return "/admin/mail/" + url.PathEscape(name) }

func newAdminMailRows(entries []ctmail.Entry) []adminMailRow {
	rows := make([]adminMailRow, 0, len(entries))
	for _, e := range entries {
		rows = append(rows, adminMailRow{URL: adminMailURL(e.Name), When: dateTime(e.Time), To: e.To, Subject: e.Subject})
	}
	return rows
}

// shownHeaders are the headers an admin checks a message by.
var shownHeaders = []string{"Date", "From", "To", "Subject", "Message-Id", "List-Unsubscribe", "List-Unsubscribe-Post"}

// readMail decodes a written message for reading. A file it cannot parse
// is shown raw only.
func readMail(raw []byte) ([]adminMailHeader, string) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, ""
	}
	dec := new(mime.WordDecoder)
	var headers []adminMailHeader
	for _, name := range shownHeaders {
		if v := msg.Header.Get(name); v != "" {
			if d, err := dec.DecodeHeader(v); err == nil {
				v = d
			}
			headers = append(headers, adminMailHeader{Name: name, Value: v})
		}
	}
	return headers, plainPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
}

// plainPart returns the first text/plain part of a body, decoded.
func plainPart(contentType, encoding string, body io.Reader) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return ""
			}
			if text := plainPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p); text != "" {
				return text
			}
		}
	}
	if mt != "text/plain" {
		return ""
	}
	if strings.EqualFold(encoding, "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(io.LimitReader(body, ctmail.MaxReadBytes))
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
