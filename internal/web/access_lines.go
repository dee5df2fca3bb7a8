package web

import (
	"encoding/json"
	"io"
	"strconv"
	"sync"
	"time"
)

// Access lines are buffered for at most accessFlushEvery, or until the
// buffer holds accessFlushSize bytes: one write per line was a system call
// per request, a tenth of what a cached page costs.
const (
	accessFlushEvery = 100 * time.Millisecond
	accessFlushSize  = 32 << 10
)

// accessLines writes the access log's lines formatted by hand, in the layout
// slog's text or JSON handler gives them, without slog's per-attribute work
// (the line has six attributes, one more than a slog.Record holds without
// allocating). Lines reach out within accessFlushEvery; Flush sends the rest
// at shutdown.
type accessLines struct {
	json bool

	// out is written under wmu, not mu: requests keep appending to the
	// next buffer while a full one is written, instead of queueing behind
	// a system call. spare is the buffer last written, reused.
	wmu   sync.Mutex
	out   io.Writer
	spare []byte

	mu    sync.Mutex
	buf   []byte
	timer *time.Timer // armed while buf holds lines
	// stamp is the text time of millisecond stampMS, which most lines of
	// a busy second share.
	stamp   []byte
	stampMS int64
}

func newAccessLines(out io.Writer, json bool) *accessLines {
	return &accessLines{out: out, json: json, buf: make([]byte, 0, accessFlushSize+1024),
		spare: make([]byte, 0, accessFlushSize+1024)}
}

// accessEntry is what one access-log line says.
type accessEntry struct {
	at        time.Time
	method    string
	path      string
	status    int
	took      time.Duration
	bytes     int64
	requestID string
}

// write appends e's line to the buffer, and writes the buffer out when it
// is full.
func (a *accessLines) write(e accessEntry) {
	a.mu.Lock()
	if a.json {
		a.buf = appendJSONAccess(a.buf, e)
	} else {
		if ms := e.at.UnixMilli(); ms != a.stampMS || a.stamp == nil {
			a.stamp, a.stampMS = appendRFC3339Millis(a.stamp[:0], e.at), ms
		}
		a.buf = appendTextAccess(a.buf, a.stamp, e)
	}
	full := len(a.buf) >= accessFlushSize
	if !full && a.timer == nil {
		a.timer = time.AfterFunc(accessFlushEvery, a.Flush)
	}
	a.mu.Unlock()
	if full {
		a.Flush()
	}
}

// Flush writes the buffered lines.
func (a *accessLines) Flush() {
	a.wmu.Lock()
	defer a.wmu.Unlock()
	a.mu.Lock()
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	lines := a.buf
	a.buf = a.spare[:0]
	a.mu.Unlock()
	if len(lines) > 0 {
		// A log that cannot be written has nowhere to report it.
		_, _ = a.out.Write(lines)
	}
	a.spare = lines[:0]
}

// appendTextAccess lays e out as slog.TextHandler does; stamp is e.at as
// appendRFC3339Millis writes it.
func appendTextAccess(b, stamp []byte, e accessEntry) []byte {
	b = append(b, "time="...)
	b = append(b, stamp...)
	b = append(b, " level=INFO msg=request method="...)
	b = appendTextValue(b, e.method)
	b = append(b, " path="...)
	b = appendTextValue(b, e.path)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, " duration="...)
	b = append(b, e.took.String()...)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, e.bytes, 10)
	b = append(b, " request_id="...)
	b = appendTextValue(b, e.requestID)
	return append(b, '\n')
}

// appendJSONAccess lays e out as slog.JSONHandler does.
func appendJSONAccess(b []byte, e accessEntry) []byte {
	b = append(b, `{"time":"`...)
	b = e.at.Round(0).AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"INFO","msg":"request","method":`...)
	b = appendJSONString(b, e.method)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, e.path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, `,"duration":`...)
	b = strconv.AppendInt(b, int64(e.took), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, e.bytes, 10)
	b = append(b, `,"request_id":`...)
	b = appendJSONString(b, e.requestID)
	return append(b, "}\n"...)
}

// appendRFC3339Millis is slog's text time: RFC 3339 with exactly three
// digits of milliseconds.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// plainLogChar reports whether c may stand unquoted in a text log value:
// a narrower set than slog's, so a value slog leaves bare may be quoted
// here, never the reverse, and no value can forge a field or a line.
func plainLogChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '/' || c == '-' || c == '_' || c == '.' || c == ':' || c == '~' || c == '%' || c == '+' || c == ',' || c == '@'
}

func appendTextValue(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !plainLogChar(s[i]) {
			return strconv.AppendQuote(b, s)
		}
	}
	if s == "" {
		return append(b, `""`...)
	}
	return append(b, s...)
}

func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !plainLogChar(s[i]) {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
