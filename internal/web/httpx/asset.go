package httpx

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// Asset is a prepared response held in memory with its gzip form: a static
// file, a cached page, a document.
type Asset struct {
	body, gz   []byte
	ctype      []string
	etag       []string
	gzETag     []string
	length     []string
	gzLength   []string
	cacheCtrl  []string
	compressed bool
}

// NewAsset prepares body for sending, gzipped when that makes it smaller.
func NewAsset(body []byte, ctype, cacheCtrl []string) *Asset {
	a := newAsset(body, ctype, cacheCtrl)
	if gz := gzipBytes(body); len(gz) < len(body) {
		a.gz, a.compressed = gz, true
		a.gzLength = []string{strconv.Itoa(len(gz))}
	}
	return a
}

// NewCachedAsset prepares a response of the page cache: always gzipped, and
// revalidated on every use (no-cache). Its strong ETag is the hash of its
// bytes, so an unchanged page re-rendered after expiry still answers
// If-None-Match with 304.
func NewCachedAsset(body []byte, ctype []string) *Asset {
	a := newAsset(body, ctype, HdrNoCache)
	a.gz, a.compressed = gzipBytes(body), true
	a.gzLength = []string{strconv.Itoa(len(a.gz))}
	return a
}

// NewPageAsset is NewCachedAsset for an HTML page.
func NewPageAsset(body []byte) *Asset { return NewCachedAsset(body, HdrHTML) }

func newAsset(body []byte, ctype, cacheCtrl []string) *Asset {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	return &Asset{
		body:      body,
		ctype:     ctype,
		cacheCtrl: cacheCtrl,
		etag:      []string{`"` + tag + `"`},
		gzETag:    []string{`"` + tag + `-gz"`},
		length:    []string{strconv.Itoa(len(body))},
	}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	_, _ = w.Write(b)                                       // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}

// SendPage sends a prepared HTML page with the security headers.
func SendPage(c echo.Context, a *Asset) error {
	SetHTMLHeaders(c.Response().Header())
	return SendAsset(c, a)
}

// SendAsset writes a prepared response: gzip when the client accepts it, 304
// when it already holds this version. It allocates nothing of its own, as
// it serves every cached page.
func SendAsset(c echo.Context, a *Asset) error {
	_, _, err := WriteAsset(c.Response(), c.Request(), a)
	return err
}

// WriteAsset is SendAsset on any ResponseWriter (cached pages are also
// served before echo); it returns the status and the body's length. It
// allocates nothing of its own, as it serves every cached page.
func WriteAsset(w http.ResponseWriter, r *http.Request, a *Asset) (status, size int, err error) {
	h := w.Header()
	body, etag, length := a.body, a.etag, a.length
	if a.compressed {
		h["Vary"] = HdrVary
		if acceptsGzip(r.Header["Accept-Encoding"]) {
			body, etag, length = a.gz, a.gzETag, a.gzLength
			h["Content-Encoding"] = HdrGzip
		}
	}
	h["Content-Type"] = a.ctype
	h["Cache-Control"] = a.cacheCtrl
	h["Etag"] = etag
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatches(inm, a) {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified, 0, nil
	}
	h["Content-Length"] = length
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return http.StatusOK, 0, nil
	}
	n, err := w.Write(body)
	return http.StatusOK, n, err
}

// etagMatches reports whether If-None-Match names either form of a: the
// two differ only in encoding, so a client holding one is up to date.
func etagMatches(inm []string, a *Asset) bool {
	for _, v := range inm {
		if strings.TrimSpace(v) == "*" || strings.Contains(v, a.etag[0]) || strings.Contains(v, a.gzETag[0]) {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding without allocating: gzip (or *) listed
// and not refused with q=0.
func acceptsGzip(values []string) bool {
	for _, v := range values {
		for v != "" {
			var part string
			part, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(part, ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, "gzip") && name != "*" {
				continue
			}
			return !refused(params)
		}
	}
	return false
}

// refused reports whether an Accept-Encoding parameter list sets q=0.
func refused(params string) bool {
	params = strings.TrimSpace(params)
	q, ok := strings.CutPrefix(params, "q=")
	if !ok {
		return false
	}
	q = strings.TrimRight(strings.TrimSpace(q), "0")
	return q == "0." || q == "0" || q == ""
}
