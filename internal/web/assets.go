package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/ui"
)

// asset is a static file held in memory with its gzip form.
type asset struct {
	body, gz   []byte
	ctype      []string
	etag       []string
	gzETag     []string
	length     []string
	gzLength   []string
	cacheCtrl  []string
	compressed bool
}

// assets are the static files, by the name they are served under.
type assets struct {
	files  map[string]*asset
	cssURL string
	// xslURL is the stylesheet that makes feeds readable in a browser.
	xslURL string
}

var (
	hdrImmutable = []string{"public, max-age=31536000, immutable"}
	hdrCSS       = []string{"text/css; charset=utf-8"}
)

// mustAssets loads ui/static. The stylesheet is app.css followed by the
// status colours of the vocabulary in force, served under a name that
// carries its content hash so browsers may cache it for a year.
func mustAssets(vocab *claims.Vocabulary) *assets {
	css, err := fs.ReadFile(ui.FS, "static/app.css")
	if err != nil {
		panic(err) // compiled into the binary
	}
	css = append(css, statusCSS(vocab)...)
	sum := sha256.Sum256(css)
	name := "app." + hex.EncodeToString(sum[:6]) + ".css"
	a := &assets{files: map[string]*asset{}, cssURL: "/static/" + name}
	a.files[name] = newAsset(css, hdrCSS, hdrImmutable)
	a.addFeedStylesheet()
	return a
}

func newAsset(body []byte, ctype, cacheCtrl []string) *asset {
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	a := &asset{
		body:      body,
		ctype:     ctype,
		cacheCtrl: cacheCtrl,
		etag:      []string{`"` + tag + `"`},
		gzETag:    []string{`"` + tag + `-gz"`},
		length:    []string{strconv.Itoa(len(body))},
	}
	if gz := gzipBytes(body); len(gz) < len(body) {
		a.gz, a.compressed = gz, true
		a.gzLength = []string{strconv.Itoa(len(gz))}
	}
	return a
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	_, _ = w.Write(b)                                       // writes to a bytes.Buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}
