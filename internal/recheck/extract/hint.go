package extract

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// A hint remembers which elements of a source's page readability took for
// the article, so that the next check of the same page can read them
// directly: readability costs most of a changed page's check, and a
// site's article template rarely changes between two checks.
//
// The text is the same whichever way the elements were found: both ways
// render the chosen elements of the boilerplate-stripped page with
// renderText (readability only picks them; its own clean-up of their
// insides is not used), so reading a remembered element and running
// readability again on an unchanged layout give the same Doc.Text, and
// falling back to readability is never a change of its own.

// hintAttr marks every element with its index before readability runs on
// a copy of the tree; the attribute is how its answer is traced back to
// the page's own elements, which stay untouched.
const hintAttr = "data-claimtrack-node"

// minHintShare is how much of the remembered text length the remembered
// elements must still hold: a page whose article now lives elsewhere
// leaves them short (or empty), and readability looks again.
const minHintShare = 0.5

// Bounds on what is remembered: readability sometimes keeps hundreds of
// sibling paragraphs one by one, and such a hint would cost a row more than
// it saves.
const (
	maxHintPaths = 64
	maxHintBytes = 8 << 10
)

// hint is the stored form: the extraction version that wrote it, the path
// from <body> to each chosen element, the length of the text they gave, and
// how many elements each chosen element's parent held.
//
// The sibling counts are what keeps a hint from hiding new text: when
// readability took the article as several sibling elements (or one element
// among its siblings), a paragraph added beside them (a correction, an
// update, a watched phrase) is not inside any remembered element, and
// reading only those would miss it for as long as the layout stands. A
// parent holding more or fewer elements than it did sends the check back
// to readability, which sees the whole page.
type hint struct {
	V     int      `json:"v"`
	Paths [][]step `json:"paths"`
	Len   int      `json:"len"`
	Sibs  []int    `json:"sibs"`
}

// step is one element on a path: its tag, id and class, and how many
// earlier siblings have the same three. Matching on id and class, not on
// position alone, keeps an inserted banner from shifting the path onto a
// neighbour.
type step struct {
	Tag   string `json:"t"`
	ID    string `json:"id,omitempty"`
	Class string `json:"c,omitempty"`
	N     int    `json:"n,omitempty"`
}

func stepOf(n *html.Node) step {
	return step{Tag: n.Data, ID: attr(n, "id"), Class: strings.TrimSpace(attr(n, "class"))}
}

func (s step) matches(n *html.Node) bool {
	return n.Type == html.ElementNode && n.Data == s.Tag && attr(n, "id") == s.ID &&
		strings.TrimSpace(attr(n, "class")) == s.Class
}

func parseHint(s string) (hint, bool) {
	var h hint
	if s == "" || json.Unmarshal([]byte(s), &h) != nil || h.V != Version || len(h.Paths) == 0 || h.Len <= 0 {
		return hint{}, false
	}
	return h, true
}

func (h hint) String() string {
	b, err := json.Marshal(h)
	if err != nil {
		return ""
	}
	return string(b)
}

// pathTo returns the steps from body down to n, which must lie under body.
func pathTo(body, n *html.Node) []step {
	var rev []step
	for ; n != nil && n != body; n = n.Parent {
		s := stepOf(n)
		for p := n.PrevSibling; p != nil; p = p.PrevSibling {
			if s.matches(p) {
				s.N++
			}
		}
		rev = append(rev, s)
	}
	path := make([]step, len(rev))
	for i, s := range rev {
		path[len(rev)-1-i] = s
	}
	return path
}

// resolve follows path down from body; nil when the page no longer has
// such an element.
func resolve(body *html.Node, path []step) *html.Node {
	n := body
	for _, s := range path {
		var next *html.Node
		seen := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if s.matches(c) {
				if seen == s.N {
					next = c
					break
				}
				seen++
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// fromHint reads the text of the elements a hint names; ok is false when
// one is missing, when the elements around one have changed in number, or
// when they hold too little of the text they held before.
func fromHint(body *html.Node, h hint) (text string, ok bool) {
	if len(h.Sibs) != len(h.Paths) {
		return "", false
	}
	for i, p := range h.Paths {
		n := resolve(body, p)
		if n == nil || siblingCount(n) != h.Sibs[i] {
			return "", false
		}
	}
	text, ok = textAt(body, h.Paths)
	if !ok || text == "" || float64(len(text)) < minHintShare*float64(h.Len) {
		return "", false
	}
	return text, true
}

// siblingCount is how many elements n's parent holds, n included.
func siblingCount(n *html.Node) int {
	if n.Parent == nil {
		return 1
	}
	k := 0
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		}
	}
	return k
}

// siblingCounts is siblingCount of the element at each path (0 for one
// that is missing).
func siblingCounts(body *html.Node, paths [][]step) []int {
	out := make([]int, len(paths))
	for i, p := range paths {
		if n := resolve(body, p); n != nil {
			out[i] = siblingCount(n)
		}
	}
	return out
}

// textAt is the text of the elements at paths, one after the other; ok is
// false when one of them is missing.
func textAt(body *html.Node, paths [][]step) (string, bool) {
	var b strings.Builder
	for i, p := range paths {
		n := resolve(body, p)
		if n == nil {
			return "", false
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		renderRawTo(&b, n, preAncestors(n))
	}
	return NormalizeText(b.String()), true
}

// remember returns the hint to store for text read from paths (sibs: their
// siblingCounts); "" when
// the choice is too scattered to be worth storing and resolving.
func remember(paths [][]step, sibs []int, text string) string {
	if len(paths) > maxHintPaths {
		return ""
	}
	s := hint{V: Version, Paths: paths, Len: len(text), Sibs: sibs}.String()
	if len(s) > maxHintBytes {
		return ""
	}
	return s
}

// preAncestors counts the <pre> elements around n, which decide how its
// text's white space is laid out.
func preAncestors(n *html.Node) int {
	pre := 0
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "pre" {
			pre++
		}
	}
	return pre
}

// markElements gives every element under body (body included) the
// hintAttr of its index in nodes, in document order.
func markElements(body *html.Node) []*html.Node {
	var nodes []*html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		v := strconv.Itoa(len(nodes))
		nodes = append(nodes, n)
		for i := range n.Attr {
			if n.Attr[i].Key == hintAttr {
				// A page's own attribute of that name would be taken for
				// ours; it is overwritten.
				n.Attr[i].Val = v
				return true
			}
		}
		n.Attr = append(n.Attr, html.Attribute{Key: hintAttr, Val: v})
		return true
	})
	return nodes
}

// chosen traces readability's article back to the marked elements it came
// from: the outermost marked elements in it, in document order, none inside
// another.
func chosen(article *html.Node, nodes []*html.Node) []*html.Node {
	var idx []int
	walk(article, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		for _, a := range n.Attr {
			if a.Key == hintAttr {
				if i, err := strconv.Atoi(a.Val); err == nil && i >= 0 && i < len(nodes) {
					idx = append(idx, i)
					return false
				}
			}
		}
		return true
	})
	// Marks were given in document order, so sorting them restores it, and
	// an element readability moved out of its parent is still inside it
	// in the page.
	slices.Sort(idx)
	var out []*html.Node
	for _, i := range idx {
		n := nodes[i]
		inside := false
		for _, o := range out {
			if contains(o, n) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, n)
		}
	}
	return out
}

func contains(anc, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == anc {
			return true
		}
	}
	return false
}
