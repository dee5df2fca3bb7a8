package fetch

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readBody reads at most MaxBody bytes of the decoded body. The cap is
// applied after decompression, so a small gzip bomb stops at it like a large
// plain body; reading stops there and the rest is never downloaded. Past
// LargeBody, reading on waits for one of the MaxLargeBodies turns, so that
// a handful of huge pages cannot together take the process's memory.
func (c *Client) readBody(ctx context.Context, body io.Reader, encoding string) ([]byte, bool, error) {
	max := c.opts.MaxBody
	r, err := decoder(body, encoding)
	if err != nil {
		return nil, false, &Error{Kind: ErrNetwork, Err: err}
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, min(max+1, LargeBody)))
	if err == nil && n == LargeBody && max+1 > LargeBody {
		select {
		case c.large <- struct{}{}:
		case <-ctx.Done():
			return nil, false, context.Cause(ctx)
		}
		var more int64
		more, err = buf.ReadFrom(io.LimitReader(r, max+1-n))
		<-c.large
		n += more
	}
	if err != nil {
		if isCorrupt(err) {
			return nil, false, &Error{Kind: ErrNetwork, Err: fmt.Errorf("corrupt %s body: %w", encoding, err)}
		}
		// Timeouts and cancellations are classified by the caller.
		return nil, false, err
	}
	if n > max {
		return buf.Bytes()[:max], true, nil
	}
	return buf.Bytes(), false, nil
}

// isCorrupt reports a decompression format error.
func isCorrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, zlib.ErrHeader) || errors.Is(err, zlib.ErrChecksum)
}

// decoder wraps body in the decompressor Content-Encoding names. Only gzip
// and deflate are asked for; anything else is passed through as it came.
func decoder(body io.Reader, encoding string) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if errors.Is(err, io.EOF) {
			return body, nil // an empty body, as in a 204
		}
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		return zr, nil
	case "deflate":
		// "deflate" should be zlib-wrapped, but some servers send raw
		// deflate; peek at the zlib header to tell them apart.
		br := bufio.NewReader(body)
		hdr, _ := br.Peek(2)
		if len(hdr) == 2 && hdr[0]&0x0f == 8 && (uint16(hdr[0])<<8|uint16(hdr[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("deflate body: %w", err)
			}
			return zr, nil
		}
		return flate.NewReader(br), nil
	}
	return body, nil
}
