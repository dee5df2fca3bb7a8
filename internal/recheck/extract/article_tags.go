package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
)

// parseArticle parses only the elements metadata lives in (<title>,
// <meta>, <link>, JSON-LD scripts), picked out by the tokenizer: a
// tokenizer pass is linear in the input, while parsing a whole hostile page
// into a tree can take seconds, and none of the rest is needed.
func parseArticle(src string) *goquery.Document {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(src))
	tags, scripts, inTitle, titled := 0, 0, false, false
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		switch tt {
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "meta", "link":
				if tags < maxArticleTags && hasAttr {
					tags++
					b.Write(z.Raw())
				}
			case "title":
				inTitle = !titled && tt == xhtml.StartTagToken
				if inTitle {
					b.WriteString("<title>")
				}
			case "script":
				if scripts < maxLDScripts && hasAttr && isJSONLD(z) {
					if z.Next() == xhtml.TextToken && len(z.Raw()) <= maxLDBytes {
						scripts++
						b.WriteString(`<script type="application/ld+json">`)
						b.Write(z.Raw())
						b.WriteString("</script>")
					}
				}
			}
		case xhtml.TextToken:
			if inTitle {
				b.Write(z.Raw())
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); inTitle && string(name) == "title" {
				b.WriteString("</title>")
				inTitle, titled = false, true
			}
		}
	}
	if inTitle {
		b.WriteString("</title>")
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		return nil
	}
	return doc
}

// isJSONLD reports whether the script tag z is at declares JSON-LD; it
// reads the tag's attributes.
func isJSONLD(z *xhtml.Tokenizer) bool {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "type" {
			mt, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(string(val))), ";")
			return strings.TrimSpace(mt) == "application/ld+json"
		}
		if !more {
			return false
		}
	}
}

// articleTags holds <meta> contents by lower-case name or property, in page
// order.
type articleTags map[string][]string

func readArticleTags(doc *goquery.Document) articleTags {
	tags := articleTags{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content, ok := s.Attr("content")
		if !ok {
			return
		}
		for _, key := range []string{"property", "name", "itemprop"} {
			if k, ok := s.Attr(key); ok {
				if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
					tags[k] = append(tags[k], content)
				}
			}
		}
	})
	return tags
}

// get returns the first non-empty value of key.
func (t articleTags) get(key string) string {
	for _, v := range t[key] {
		if v = cleanField(v); v != "" {
			return v
		}
	}
	return ""
}

func (t articleTags) all(key string) []string { return t[key] }

func articleCanonical(doc *goquery.Document) string {
	var href string
	doc.Find("link[rel][href]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		rel, _ := s.Attr("rel")
		for _, tok := range strings.Fields(strings.ToLower(rel)) {
			if tok == "canonical" {
				href, _ = s.Attr("href")
				return false
			}
		}
		return true
	})
	return strings.TrimSpace(href)
}
