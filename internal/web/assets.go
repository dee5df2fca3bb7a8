package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/ui"
)

// assets are the static files, by the name they are served under.
type assets struct {
	files  map[string]*httpx.Asset
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
	css = append(css, view.StatusCSS(vocab)...)
	sum := sha256.Sum256(css)
	name := "app." + hex.EncodeToString(sum[:6]) + ".css"
	a := &assets{files: map[string]*httpx.Asset{}, cssURL: "/static/" + name}
	a.files[name] = httpx.NewAsset(css, hdrCSS, hdrImmutable)
	a.addFeedStylesheet()
	return a
}

var hdrXSL = []string{"text/xsl; charset=utf-8"}

// addFeedStylesheet serves ui/static/feed.xsl under a fingerprinted name:
// browsers that open a feed show it as a page through it, feed readers
// ignore it.
func (a *assets) addFeedStylesheet() {
	xsl, err := fs.ReadFile(ui.FS, "static/feed.xsl")
	if err != nil {
		panic(err) // compiled into the binary
	}
	sum := sha256.Sum256(xsl)
	name := "feed." + hex.EncodeToString(sum[:6]) + ".xsl"
	a.files[name] = httpx.NewAsset(xsl, hdrXSL, hdrImmutable)
	a.xslURL = "/static/" + name
}
