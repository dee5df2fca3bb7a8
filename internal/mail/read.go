package mail

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
)

// Readable is a message decoded for a person to read: the admin mailbox
// shows written mail this way, and tests read received mail so.
type Readable struct {
	Header netmail.Header
	// Text is the first text/plain part, transfer encoding undone and line
	// ends as "\n"; empty when the message has none.
	Text string
}

// Decode reads a raw message (RFC 5322, as Dir writes and SMTP carries it).
func Decode(raw []byte) (*Readable, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	text, err := findPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, "text/plain")
	if err != nil {
		return nil, err
	}
	return &Readable{Header: msg.Header, Text: strings.ReplaceAll(text, "\r\n", "\n")}, nil
}

// Get returns a header's value with RFC 2047 encoded words decoded.
func (r *Readable) Get(name string) string {
	v := r.Header.Get(name)
	if d, err := new(mime.WordDecoder).DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// Part returns the first part of media type want (text/html, say) of a raw
// message, transfer encoding undone; "" when there is none.
func Part(raw []byte, want string) (string, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	return findPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, want)
}

// findPart returns the first part of a body of media type want, decoded;
// "" when there is none. A body without a readable type is text/plain.
func findPart(contentType, encoding string, body io.Reader, want string) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return "", nil
			}
			if err != nil {
				return "", err
			}
			text, err := findPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, want)
			if err != nil || text != "" {
				return text, err
			}
		}
	}
	if mt != want {
		return "", nil
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxReadBytes))
	return string(b), err
}
