package extract

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html/charset"
)

// decode returns body as valid UTF-8. A charset named in the Content-Type
// header (or a byte-order mark) is honoured; anything else is read as UTF-8,
// with invalid bytes replaced by U+FFFD rather than rejected: a broken page
// is still a page whose text can change.
func decode(body []byte, label string) string {
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		body = body[3:]
	} else if label != "" {
		if enc, name := charset.Lookup(label); enc != nil && name != "utf-8" {
			if out, err := enc.NewDecoder().Bytes(body); err == nil {
				body = out
			}
		}
	}
	return strings.ToValidUTF8(string(body), "\uFFFD")
}

// NormalizeText normalises extracted text the way Doc.Text is: each line
// trimmed and its runs of white space (NBSP included) made single spaces,
// blank lines dropped, control characters removed, lines joined by "\n".
func NormalizeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	// One pass, no per-field allocations: this runs on every page.
	space, newline := false, false
	for _, r := range s {
		if r >= '!' && r <= '~' {
			// Printable ASCII, most of any page: no Unicode tables needed.
			if newline {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
			newline, space = false, false
			b.WriteByte(byte(r))
			continue
		}
		switch {
		case isLineBreak(r):
			newline = b.Len() > 0
			space = false
		case unicode.IsSpace(r):
			space = b.Len() > 0 && !newline
		case dropControl(r) < 0:
		default:
			if newline {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
			newline, space = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\f' || r == '\v'
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) || r == '\u200b' || r == '\ufeff' {
		return -1
	}
	return r
}

// foldText prepares text for matching watches: lowercase, typographic
// quotes and dashes made plain, white space collapsed to single spaces. It
// works on one line or several (line breaks become spaces).
func foldText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u00b4', '`':
			return '\''
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u00ab', '\u00bb', '\u2033':
			return '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			return '-'
		case '\u2026':
			// Handled by the caller's ellipsis split; keep it distinct.
			return r
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
