// Package extract turns a fetched page into what a source check records
// about its content: the main text (boilerplate removed, whitespace
// normalised), its title and canonical URL, a hash of the text, the
// sentences added and removed since the last check, and the readings that claim watches take from it (phrases, numbers,
// quoted passages).
//
// Everything here is a pure function of its input: no network, no clock, no
// globals. The work done on hostile input is bounded (see MaxInput,
// MaxDepth), so a page cannot stall a sweep.
package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"strings"
)

// Version is the version of claimtrack's text extraction. It is recorded
// with every check; when it differs from the version of the stored
// baseline, the checker re-baselines the source instead of reporting a
// change, because the text moved for claimtrack's reasons, not the
// outlet's. Bump it whenever a change here can change Doc.Text for the same
// page. Hints (Doc.Hint) carry it too, so that one written by another
// version is not used.
//
// Version 2: the main text is the chosen elements' own text (readability
// picks them but no longer trims their insides), so that a remembered
// choice reads the same text as a new one.
//
// Version 3: HTML is read up to MaxHTML bytes and MaxElements elements.
const Version = 3

// Limits that bound the work done on one page.
const (
	// MaxInput is the number of body bytes looked at; the rest is ignored
	// and Doc.Truncated is set. The fetcher caps bodies at about this size
	// too, so this only matters for direct callers.
	MaxInput = 10 << 20
	// MaxHTML is the number of bytes of an HTML body parsed: an article
	// fits many times over, and the parse of what lies beyond would cost
	// memory for nothing. Doc.Truncated is set when it cuts.
	MaxHTML = 4 << 20
	// MaxElements is the number of elements of an HTML body parsed; the
	// rest is dropped and Doc.Truncated set. Counted while tokenizing,
	// before any tree is built.
	MaxElements = 40000
	// MaxDepth is the deepest element nesting kept: deeper start tags are
	// dropped (their text is kept), which keeps the HTML parser and every
	// tree walk linear on pathological nesting.
	MaxDepth = 128
	// maxReadabilityElems is the element count above which the readability
	// pass is skipped and the boilerplate-stripped body is used as is.
	maxReadabilityElems = 20000
)

// Kind says what sort of content a page had.
type Kind string

// Kinds of content. Only KindHTML and KindText yield text; the others are
// recorded with an empty text, which is not an error.
const (
	KindHTML  Kind = "html"
	KindText  Kind = "text"
	KindPDF   Kind = "pdf"
	KindImage Kind = "image"
	KindOther Kind = "other"
)

// Doc is what extraction found in one page.
type Doc struct {
	// Kind is the kind of content, decided from the content type (or by
	// sniffing the body when the type is missing or generic).
	Kind Kind
	// Title is the page's <title> (falling back to the first <h1>),
	// whitespace-normalised; empty for non-HTML.
	Title string
	// Canonical is the absolute URL of <link rel=canonical>, resolved
	// against the page URL; empty when absent or unusable.
	Canonical string
	// Text is the normalised main text: one paragraph per line, single
	// spaces inside lines, no blank lines, valid UTF-8.
	Text string
	// Truncated reports that only the start of the body was read: it was
	// longer than MaxInput, or, for HTML, than MaxHTML or MaxElements.
	Truncated bool
	// Hint, for HTML with a main text, names the elements the text came
	// from; handed back to PageWithHint with the next fetch of the same
	// page, it lets extraction skip readability. Empty when there is
	// nothing to remember.
	Hint string
	// FromHint reports that Text was read from the elements a hint named.
	FromHint bool

	// html is the (bounded, repaired) HTML, kept so ReadNumber can apply a
	// CSS selector to the whole page, boilerplate included.
	html []byte
}

// Hash returns the SHA-256 of the normalised text as lowercase hex. Because
// the text excludes boilerplate and whitespace differences, two fetches
// whose pages differ only in those have the same hash.
func (d Doc) Hash() string {
	sum := sha256.Sum256([]byte(d.Text))
	return hex.EncodeToString(sum[:])
}

// Page extracts a Doc from a response body. contentType is the response's
// Content-Type header (may be empty: the body is then sniffed); pageURL is
// the final URL, used to resolve the canonical link. Malformed input is never
// an error: invalid UTF-8 is repaired, broken HTML is parsed the way browsers
// do, and bodies that carry no text (PDF, images) give an empty Text and a
// Kind saying so. The error is reserved for failures of the extractor
// itself and is currently always nil.
func Page(body []byte, contentType, pageURL string) (Doc, error) {
	return PageWithHint(body, contentType, pageURL, "")
}

// PageWithHint is Page for a page seen before: hint is the Doc.Hint of its
// last extraction. While the elements it names are still there and hold at
// least half the text they held, the text is read from them, which is
// several times cheaper than finding them again and gives the text that
// finding them again would; otherwise (and for an empty or unusable hint)
// it is Page.
func PageWithHint(body []byte, contentType, pageURL, hint string) (Doc, error) {
	var d Doc
	if len(body) > MaxInput {
		body = body[:MaxInput]
		d.Truncated = true
	}
	mediaType, params := parseContentType(contentType)
	d.Kind = kindOf(mediaType, body)
	switch d.Kind {
	case KindText:
		d.Text = NormalizeText(decode(body, params["charset"]))
	case KindHTML:
		if len(body) > MaxHTML {
			body, d.Truncated = body[:MaxHTML], true
		}
		src := decode(body, params["charset"])
		extractHTML(&d, src, pageURL, hint)
	}
	return d, nil
}

// Keep returns the part of body that PageWithHint reads for contentType:
// for HTML at most MaxHTML bytes, copied, so that a caller holding a page
// until it can be parsed holds no more than that of a 10 MiB download.
// Other bodies are returned as they are (a PDF's hash needs all of it).
func Keep(body []byte, contentType string) []byte {
	mediaType, _ := parseContentType(contentType)
	if len(body) > MaxHTML && kindOf(mediaType, body) == KindHTML {
		return bytes.Clone(body[:MaxHTML+1]) // one byte more, so PageWithHint still sees the cut
	}
	return body
}

func parseContentType(ct string) (string, map[string]string) {
	if ct == "" {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// A malformed header still usually starts with a usable type.
		mt, _, _ = strings.Cut(ct, ";")
		return strings.ToLower(strings.TrimSpace(mt)), nil
	}
	return mt, params
}

func kindOf(mediaType string, body []byte) Kind {
	if mediaType == "" || mediaType == "application/octet-stream" {
		mediaType, _ = parseContentType(http.DetectContentType(body))
	}
	switch {
	case mediaType == "text/html" || mediaType == "application/xhtml+xml":
		return KindHTML
	case mediaType == "application/pdf":
		return KindPDF
	case strings.HasPrefix(mediaType, "image/"):
		return KindImage
	case strings.HasPrefix(mediaType, "text/"):
		return KindText
	}
	return KindOther
}
