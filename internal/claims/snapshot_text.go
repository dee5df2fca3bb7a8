package claims

import (
	"bytes"
	"compress/gzip"
	"io"
)

// MaxSnapshotText bounds what a stored snapshot may inflate to, well above
// what the re-checker ever stores (its fetches are capped at 10 MiB); more
// means the row is corrupt or hostile.
const MaxSnapshotText = 64 << 20

// CompressText is how a snapshot's text is stored: gzip at the fastest
// level. A snapshot is written at every change and rarely read, and at the
// default level compressing took 7% of the CPU of a sweep of changed pages.
func CompressText(text string) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level: no error
	// Writes to a bytes.Buffer cannot fail.
	_, _ = io.WriteString(zw, text)
	_ = zw.Close()
	return buf.Bytes()
}

// DecompressText reverses CompressText. It fails for data that is not
// gzip, is cut short, or inflates past MaxSnapshotText.
func DecompressText(data []byte) (string, error) { return gunzip(data, MaxSnapshotText) }
