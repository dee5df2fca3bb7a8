package claims

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync"
)

// MaxSnapshotText bounds what a stored snapshot may inflate to, well above
// what the re-checker ever stores (its fetches are capped at 10 MiB); more
// means the row is corrupt or hostile.
const MaxSnapshotText = 64 << 20

// CompressText is how a snapshot's text is stored: gzip at the fastest
// level. A snapshot is written at every change and rarely read, and at the
// default level compressing took 7% of the CPU of a sweep of changed pages.
// Writers are reused: a new one allocates about a megabyte of tables, which
// cost more than compressing a 50 KB article.
func CompressText(text string) []byte {
	var buf bytes.Buffer
	buf.Grow(len(text)/3 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	// Writes to a bytes.Buffer cannot fail.
	_, _ = io.WriteString(zw, text)
	_ = zw.Close()
	gzipWriters.Put(zw)
	return buf.Bytes()
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed) // a valid level: no error
	return zw
}}

// DecompressText reverses CompressText. It fails for data that is not
// gzip, is cut short, or inflates past MaxSnapshotText.
func DecompressText(data []byte) (string, error) { return gunzip(data, MaxSnapshotText) }
