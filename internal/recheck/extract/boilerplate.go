package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerTags are elements that never hold an article's text: code, styling,
// page chrome, forms and embeds.
var boilerTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true,
	atom.Dialog: true, atom.Menu: true, atom.Head: true, atom.Link: true, atom.Meta: true,
}

// boilerRoles are ARIA landmark roles of page chrome.
var boilerRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"dialog": true, "alertdialog": true, "search": true, "menu": true, "menubar": true,
}

// boilerWords are words that, as one of the hyphen/underscore-separated
// words of a class or id, mark page chrome: cookie and consent banners,
// ads, sharing bars, comments, related-article boxes, newsletter prompts.
// Whole words only, so "ad" does not match "head" or "download".
var boilerWords = map[string]bool{
	"ad": true, "ads": true, "adsbygoogle": true, "advert": true, "advertisement": true,
	"adslot": true, "sponsor": true, "sponsored": true, "promo": true, "promoted": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "cmp": true,
	"comment": true, "comments": true, "disqus": true, "respond": true,
	"share": true, "sharing": true, "social": true, "sharebar": true,
	"related": true, "recommended": true, "recirculation": true, "outbrain": true, "taboola": true,
	"sidebar": true, "widget": true, "popup": true, "modal": true, "overlay": true,
	"newsletter": true, "subscribe": true, "subscription": true, "paywall": true, "signup": true,
	"breadcrumb": true, "breadcrumbs": true, "nav": true, "navbar": true, "navigation": true,
	"menu": true, "footer": true, "masthead": true, "skip": true, "banner": true, "toolbar": true,
	// Readability's byline words: who wrote it and when is not the text.
	"byline": true, "dateline": true,
}

// keepTags are never removed by class or id: sites put words like
// "has-sidebar" on <body> or <article>.
var keepTags = map[atom.Atom]bool{
	atom.Html: true, atom.Body: true, atom.Main: true, atom.Article: true,
}

// stripBoilerplate removes page chrome from the tree in place and returns
// the number of elements left.
func stripBoilerplate(root *html.Node) int {
	var doomed []*html.Node
	count := 0
	walk(root, func(n *html.Node) bool {
		switch n.Type {
		case html.CommentNode:
			doomed = append(doomed, n)
			return false
		case html.ElementNode:
		default:
			return true
		}
		if isBoilerplate(n) {
			doomed = append(doomed, n)
			return false
		}
		count++
		return true
	})
	for _, n := range doomed {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	return count
}

func isBoilerplate(n *html.Node) bool {
	if boilerTags[n.DataAtom] {
		return true
	}
	if keepTags[n.DataAtom] {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") {
				return true
			}
		case "role":
			if boilerRoles[strings.ToLower(strings.TrimSpace(a.Val))] {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		case "class", "id":
			if hasBoilerWord(a.Val) {
				return true
			}
		}
	}
	return false
}

func hasBoilerWord(v string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if boilerWords[w] {
			return true
		}
	}
	return false
}

// blockTags end a line of text before and after them.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Br: true, atom.Dd: true, atom.Details: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tr: true,
	atom.Ul: true, atom.Caption: true, atom.Header: true, atom.Footer: true, atom.Nav: true,
}

// renderText lays n out as text: block elements on their own lines, table
// cells separated by spaces, white space collapsed (kept as line breaks
// only inside <pre>), then normalised. Iterative, so depth cannot overflow.
func renderText(n *html.Node) string { return NormalizeText(renderRaw(n)) }

// renderRaw is renderText before normalisation.
func renderRaw(n *html.Node) string {
	var b strings.Builder
	renderRawTo(&b, n, 0)
	return b.String()
}

// renderRawTo writes renderRaw(n) to b; pre is the number of <pre>
// elements around n.
func renderRawTo(b *strings.Builder, n *html.Node, pre int) {
	type frame struct {
		n    *html.Node
		exit bool
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c := f.n
		if f.exit {
			if c.DataAtom == atom.Pre {
				pre--
			}
			if blockTags[c.DataAtom] {
				b.WriteByte('\n')
			} else if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
				b.WriteByte(' ')
			}
			continue
		}
		switch c.Type {
		case html.TextNode:
			if pre > 0 {
				b.WriteString(c.Data)
			} else {
				writeFlat(b, c.Data)
			}
			continue
		case html.ElementNode:
			if c.DataAtom == atom.Pre {
				pre++
			}
			if blockTags[c.DataAtom] {
				b.WriteByte('\n')
			}
			if c.DataAtom == atom.Img {
				// Alt text is content only when it is all there is; skip it
				// so an image swap is not a text change.
				continue
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		stack = append(stack, frame{n: c, exit: true})
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, frame{n: k})
		}
	}
}

// writeFlat writes s with its line breaks, tabs and form feeds as spaces,
// a run at a time rather than a copy of s per text node.
func writeFlat(b *strings.Builder, s string) {
	for s != "" {
		i := strings.IndexAny(s, "\n\r\t\f")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+1:]
	}
}
