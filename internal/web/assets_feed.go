package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/ui"
)

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
