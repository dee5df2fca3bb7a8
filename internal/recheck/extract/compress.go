package extract

import (
	"bytes"
	"compress/gzip"
	"io"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// MaxSnapshot is the largest text Decompress returns; a stored snapshot
// that inflates past it is corrupt or hostile, not a page we wrote.
const MaxSnapshot = 64 << 20

// Compress returns text gzip-compressed, for storing snapshots. It uses the
// fastest level: a snapshot is written at every change and rarely read, and
// at the default level compressing took 7% of the CPU of a sweep of changed
// pages.
func Compress(text string) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed) // a valid level: no error
	// Writes to a bytes.Buffer cannot fail.
	_, _ = io.WriteString(zw, text)
	_ = zw.Close()
	return buf.Bytes()
}

// Decompress reverses Compress. It returns EINVALID for data that is not
// gzip or inflates past MaxSnapshot.
func Decompress(data []byte) (string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return "", claims.Errorf(claims.EINVALID, "snapshot is not gzip data: %v", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxSnapshot+1))
	if err != nil {
		return "", claims.Errorf(claims.EINVALID, "snapshot is corrupt: %v", err)
	}
	if len(out) > MaxSnapshot {
		return "", claims.Errorf(claims.EINVALID, "snapshot inflates past %d bytes", MaxSnapshot)
	}
	return string(out), nil
}
