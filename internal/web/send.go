package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// sendAsset writes a prepared response: gzip when the client accepts it, 304
// when it already holds this version.
func sendAsset(c echo.Context, a *asset) error {
	_, _, err := writeAsset(c.Response(), c.Request(), a)
	return err
}

// writeAsset is sendAsset on any ResponseWriter (cached pages are also
// served before echo); it returns the status and the body's length. It
// allocates nothing of its own, as it serves every cached page.
func writeAsset(w http.ResponseWriter, r *http.Request, a *asset) (status, size int, err error) {
	h := w.Header()
	body, etag, length := a.body, a.etag, a.length
	if a.compressed {
		h["Vary"] = hdrVary
		if acceptsGzip(r.Header["Accept-Encoding"]) {
			body, etag, length = a.gz, a.gzETag, a.gzLength
			h["Content-Encoding"] = hdrGzip
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
func etagMatches(inm []string, a *asset) bool {
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
