package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"

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

// withStylesheet puts the processing instruction that names the feed's
// stylesheet right after the XML declaration of an Atom document.
func withStylesheet(atom, href string) string {
	pi := `<?xml-stylesheet type="text/xsl" href="` + href + `"?>`
	if i := strings.Index(atom, "?>"); strings.HasPrefix(atom, "<?xml") && i > 0 {
		return atom[:i+2] + "\n" + pi + atom[i+2:]
	}
	return pi + "\n" + atom
}
