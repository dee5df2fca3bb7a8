package extract

import (
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractHTML fills d from an HTML page: title and canonical URL from the
// whole document, then the main text of what is left once boilerplate is
// removed. With a usable hint (see hint.go) the main text is read from the
// elements it names; otherwise readability chooses them, and d.Hint
// remembers its choice for the next check.
func extractHTML(d *Doc, src, pageURL, prevHint string) {
	bounded, cut := boundDepth(src, false)
	d.Truncated = d.Truncated || cut
	root, err := html.Parse(strings.NewReader(bounded))
	if err != nil {
		// The parser refuses open-element stacks past 512 (tables nest
		// three elements per level, stray optional-end tags pile up): bound
		// again counting every element.
		bounded, _ = boundDepth(src, true)
		if root, err = html.Parse(strings.NewReader(bounded)); err != nil {
			d.html = []byte(bounded)
			d.Text = NormalizeText(tokenText(bounded))
			return
		}
	}
	d.html = []byte(bounded)
	d.Title = findTitle(root)
	d.Canonical = findCanonical(root, pageURL)
	elems := stripBoilerplate(root)

	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	dropTitleHeading(body, d.Title)
	if h, ok := parseHint(prevHint); ok {
		if text, ok := fromHint(body, h); ok {
			d.Text, d.FromHint = text, true
			d.Hint = remember(h.Paths, h.Sibs, text)
			return
		}
	}
	if elems <= maxReadabilityElems {
		if paths := readable(root, body, pageURL); paths != nil {
			if text, ok := textAt(body, paths); ok && text != "" {
				d.Text = text
				d.Hint = remember(paths, siblingCounts(body, paths), text)
				return
			}
		}
	}
	d.Text = renderText(body)
}

// dropTitleHeading removes the first <h1> or <h2> whose text is (part of)
// the page's title: the headline is kept as Doc.Title, and as a line of
// the text it would be the first sentence every phrase watch quotes.
// Readability drops it for the same reason.
func dropTitleHeading(body *html.Node, title string) {
	title = strings.ToLower(title)
	if title == "" {
		return
	}
	var heading *html.Node
	walk(body, func(n *html.Node) bool {
		if heading != nil {
			return false
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.H1 || n.DataAtom == atom.H2) {
			text := strings.ToLower(strings.ReplaceAll(NormalizeText(flatText(n)), "\n", " "))
			if text != "" && strings.Contains(title, text) {
				heading = n
			}
			return false
		}
		return true
	})
	if heading != nil && heading.Parent != nil {
		heading.Parent.RemoveChild(heading)
	}
}

// parseHTML parses HTML that boundDepth has already bounded.
func parseHTML(src string) *html.Node {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// Only an open-element stack past the parser's own limit fails,
		// and bounded input stays below it; an empty document keeps
		// callers simple regardless.
		return &html.Node{Type: html.DocumentNode}
	}
	return root
}

// tokenText is the last resort for HTML the parser refuses: the text
// tokens outside scripts and styles, a line break at every block tag.
func tokenText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template {
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			if blockTags[a] {
				b.WriteByte('\n')
			}
		}
	}
}

// readable runs the readability algorithm (a port of Firefox's reader
// view) over a copy of the already stripped document and returns the paths
// from body to the elements it took for the article, or nil when it finds
// none. Readability decides what is the article and what is a sidebar of
// links better than tag names can.
func readable(root, body *html.Node, pageURL string) (paths [][]step) {
	defer func() {
		// A bug in the library must cost one page its refinement, not the
		// sweep its process.
		if recover() != nil {
			paths = nil
		}
	}()
	u, err := url.Parse(pageURL)
	if err != nil || u.Scheme == "" {
		u = &url.URL{Scheme: "http", Host: "invalid"}
	}
	nodes := markElements(body)
	p := readability.NewParser()
	p.MaxElemsToParse = maxReadabilityElems
	p.DisableJSONLD = true
	art, err := p.ParseDocument(root, u)
	if err != nil || art.Node == nil {
		return nil
	}
	for _, n := range chosen(art.Node, nodes) {
		if !contains(body, n) {
			return nil
		}
		paths = append(paths, pathTo(body, n))
	}
	return paths
}

// voidElements never have content or end tags.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true,
	"wbr": true, "keygen": true,
}

// optionalEnd elements are closed implicitly by the parser (a <p> closes
// the open <p>), so sloppy pages leave them unclosed by the thousand
// without nesting them; they are not counted as depth.
var optionalEnd = map[string]bool{
	"p": true, "li": true, "dt": true, "dd": true, "option": true, "optgroup": true, "tr": true,
	"td": true, "th": true, "thead": true, "tbody": true, "tfoot": true, "colgroup": true,
	"rb": true, "rt": true, "rp": true, "rtc": true,
}

// boundDepth rewrites src so that no element nests deeper than MaxDepth:
// start tags past that depth, and as many end tags after them, are dropped;
// text is kept. HTML parsing costs input size times the depth of the
// open-element stack, and the parser gives up on stacks past 512, so this
// keeps 10 MB of nested tags cheap and parseable. Normally elements whose
// end tag is optional are not counted (sloppy pages leave thousands of <p>
// unclosed without nesting them); strict counts every element, for input
// on which the normal count was not enough.
//
// It also stops at the MaxElements-th start tag and reports the cut: the
// parsed tree costs about a kilobyte per element, so the element count, not
// the byte count, is what bounds the memory one page takes.
func boundDepth(src string, strict bool) (string, bool) {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	b.Grow(len(src))
	depth, excess, elems := 0, 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String(), false
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if elems++; elems > MaxElements {
				return b.String(), true
			}
			if tt == html.SelfClosingTagToken {
				break
			}
			if name, _ := z.TagName(); nests(name, strict) {
				if depth >= MaxDepth {
					excess++
					continue
				}
				depth++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); nests(name, strict) {
				if excess > 0 {
					excess--
					continue
				}
				if depth > 0 {
					depth--
				}
			}
		}
		b.Write(z.Raw())
	}
}

// nests reports whether an element named name counts towards depth.
func nests(name []byte, strict bool) bool {
	return !voidElements[string(name)] && (strict || !optionalEnd[string(name)])
}

// findFirst returns the first element with the given tag, walking the tree
// without recursion.
func findFirst(root *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == a {
			found = n
			return false
		}
		return true
	})
	return found
}

// walk visits n and its descendants in document order, iteratively; visit
// returns false to skip a node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !visit(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

func findTitle(root *html.Node) string {
	if t := findFirst(root, atom.Title); t != nil {
		if s := NormalizeText(flatText(t)); s != "" {
			return strings.ReplaceAll(s, "\n", " ")
		}
	}
	if h := findFirst(root, atom.H1); h != nil {
		return strings.ReplaceAll(NormalizeText(flatText(h)), "\n", " ")
	}
	return ""
}

// findCanonical returns the first <link rel=canonical> href resolved
// against pageURL, if it gives an absolute http(s) URL.
func findCanonical(root *html.Node, pageURL string) string {
	var href string
	walk(root, func(n *html.Node) bool {
		if href != "" {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Link {
			for _, tok := range strings.Fields(strings.ToLower(attr(n, "rel"))) {
				if tok == "canonical" {
					href = strings.TrimSpace(attr(n, "href"))
				}
			}
		}
		return true
	})
	if href == "" {
		return ""
	}
	ref, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base, err := url.Parse(pageURL); err == nil {
		ref = base.ResolveReference(ref)
	}
	if (ref.Scheme != "http" && ref.Scheme != "https") || ref.Host == "" {
		return ""
	}
	ref.Fragment = ""
	return ref.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// flatText is the concatenated text of n's descendants, no layout.
func flatText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return b.String()
}
