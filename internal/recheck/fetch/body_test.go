package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestGet_CapsBodiesAfterDecompression(t *testing.T) {
	const maxBody = 1 << 20
	zeros := make([]byte, 32<<20)
	gzipBomb := gzipBytes(t, zeros)
	var zlibBomb bytes.Buffer
	zw := zlib.NewWriter(&zlibBomb)
	_, _ = zw.Write(zeros)
	_ = zw.Close()
	for _, b := range [][]byte{gzipBomb, zlibBomb.Bytes()} {
		if len(b) > 64<<10 {
			t.Fatalf("bomb is %d bytes compressed; want it small", len(b))
		}
	}
	tests := []struct {
		name     string
		encoding string
		body     func(w io.Writer) // writes until the client goes away
	}{
		{"1 GiB plain, streamed", "", func(w io.Writer) {
			chunk := bytes.Repeat([]byte("a"), 64<<10)
			for i := 0; i < (1<<30)/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
		{"gzip bomb", "gzip", func(w io.Writer) { _, _ = w.Write(gzipBomb) }},
		{"deflate bomb", "deflate", func(w io.Writer) { _, _ = w.Write(zlibBomb.Bytes()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent atomic.Int64
			done := make(chan struct{})
			srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(done)
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				tt.body(&countingWriter{w: w, n: &sent})
			}))
			var dials dialLog
			opts := privateOptions(t, &dials)
			opts.MaxBody = maxBody
			c := New(opts)
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL, Conditional{})
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !res.Truncated || len(res.Body) != maxBody {
				t.Fatalf("Get: Truncated %v, %d bytes; want truncated at %d", res.Truncated, len(res.Body), maxBody)
			}
			select {
			case <-done:
			case <-t.Context().Done():
			}
			if n := sent.Load(); n >= 1<<30 {
				t.Fatalf("server sent %d bytes; the client should have stopped reading at the cap", n)
			}
		})
	}
}

func TestGet_DecompressesBodies(t *testing.T) {
	page := []byte(strings.Repeat("<p>Meta confirmed the statement.</p>\n", 100))
	var rawDeflate bytes.Buffer
	fw, _ := flate.NewWriter(&rawDeflate, flate.BestCompression)
	_, _ = fw.Write(page)
	_ = fw.Close()
	var zlibDeflate bytes.Buffer
	zw := zlib.NewWriter(&zlibDeflate)
	_, _ = zw.Write(page)
	_ = zw.Close()

	tests := []struct {
		name     string
		encoding string
		body     []byte
		want     []byte
		wantErr  error
	}{
		{"identity", "", page, page, nil},
		{"gzip", "gzip", gzipBytes(t, page), page, nil},
		{"x-gzip", "x-gzip", gzipBytes(t, page), page, nil},
		{"zlib deflate", "deflate", zlibDeflate.Bytes(), page, nil},
		{"raw deflate", "deflate", rawDeflate.Bytes(), page, nil},
		{"empty gzip body", "gzip", nil, nil, nil},
		{"corrupt gzip", "gzip", append(gzipBytes(t, page)[:20], bytes.Repeat([]byte{0xff}, 50)...), nil, ErrNetwork},
		{"not gzip at all", "gzip", page, nil, ErrNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.encoding != "" {
					w.Header().Set("Content-Encoding", tt.encoding)
				}
				_, _ = w.Write(tt.body)
			}))
			var dials dialLog
			c := New(privateOptions(t, &dials))
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL, Conditional{})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Get = %v; want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !bytes.Equal(res.Body, tt.want) || res.Truncated {
				t.Fatalf("Get body = %d bytes (truncated %v); want %d bytes", len(res.Body), res.Truncated, len(tt.want))
			}
		})
	}
}

func TestGet_ReturnsInvalidUTF8AndBinaryBodiesAsBytes(t *testing.T) {
	pdf := append([]byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), 0, 1, 2, 0xff, 0xfe)
	tests := []struct {
		name, contentType string
		body              []byte
	}{
		{"invalid UTF-8 html", "text/html; charset=utf-8", []byte("<p>caf\xe9 \xff\xfe \xc3\x28</p>")},
		{"pdf", "application/pdf", pdf},
		{"NUL bytes", "application/octet-stream", []byte{0, 0, 0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start4(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write(tt.body)
			}))
			var dials dialLog
			c := New(privateOptions(t, &dials))
			defer c.Close()
			res, err := c.Get(t.Context(), srv.URL, Conditional{})
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if !bytes.Equal(res.Body, tt.body) || res.ContentType != tt.contentType {
				t.Fatalf("Get = %q (%s); want %q (%s)", res.Body, res.ContentType, tt.body, tt.contentType)
			}
		})
	}
}

// countingWriter counts the bytes a handler managed to send.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
