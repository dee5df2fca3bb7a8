package extract

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// maxPattern bounds the length of a watch's regular expression and CSS
// selector. Go's regexp runs in linear time, so length is the only cost an
// editor's pattern can add.
const maxPattern = 1000

// ReadNumber reads a number from a page for a numeric watch. pattern is a
// regular expression (Go syntax) applied to the page's main text and, if it
// matches nothing there, to all the visible text of an HTML page (counters
// often sit outside what readability keeps as the article); when selector
// is set, it is applied to the text of the elements the CSS selector picks
// in the whole HTML instead. The
// first capture group is read if the pattern has one, else the whole match;
// within it, the first number (see ParseNumber). It returns the number and
// the text it was read from (for recording "1,432 → 1,611").
//
// Errors: EINVALID for a bad pattern or selector, or a selector on a page
// that is not HTML; ENOTFOUND when nothing matches or the match holds no
// number.
func ReadNumber(d Doc, pattern, selector string) (float64, string, error) {
	re, sel, err := compileWatch(pattern, selector)
	if err != nil {
		return 0, "", err
	}
	text := d.Text
	if sel != nil {
		if text, err = selectText(d, sel); err != nil {
			return 0, "", err
		}
	}
	m := re.FindStringSubmatch(text)
	if m == nil && selector == "" && d.Kind == KindHTML && d.html != nil {
		m = re.FindStringSubmatch(visibleText(d.html))
	}
	if m == nil {
		return 0, "", claims.Errorf(claims.ENOTFOUND, "the pattern matches nothing on the page")
	}
	raw := m[0]
	if len(m) > 1 {
		raw = m[1]
	}
	v, num, ok := findNumber(raw)
	if !ok {
		return 0, "", claims.Errorf(claims.ENOTFOUND, "the match %q holds no number", raw)
	}
	return v, num, nil
}

// compileWatch compiles a number watch's pattern and, when set, its
// selector (nil otherwise). EINVALID naming what is wrong.
func compileWatch(pattern, selector string) (*regexp.Regexp, cascadia.Selector, error) {
	if len(pattern) > maxPattern || len(selector) > maxPattern {
		return nil, nil, claims.Errorf(claims.EINVALID, "pattern and selector are limited to %d characters", maxPattern)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, nil, claims.Errorf(claims.EINVALID, "invalid pattern: %v", err)
	}
	if selector == "" {
		return re, nil, nil
	}
	sel, err := cascadia.Compile(selector)
	if err != nil {
		return nil, nil, claims.Errorf(claims.EINVALID, "invalid selector: %v", err)
	}
	return re, sel, nil
}

// selectText returns the normalised text of the elements sel matches, one
// line each.
func selectText(d Doc, sel cascadia.Selector) (string, error) {
	if d.Kind != KindHTML || d.html == nil {
		return "", claims.Errorf(claims.EINVALID, "a selector needs an HTML page as returned by Page")
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(d.html))
	if err != nil {
		return "", claims.Errorf(claims.EINVALID, "page cannot be parsed: %v", err)
	}
	var lines []string
	doc.FindMatcher(sel).Each(func(_ int, s *goquery.Selection) {
		lines = append(lines, NormalizeText(s.Text()))
	})
	if len(lines) == 0 {
		return "", claims.Errorf(claims.ENOTFOUND, "the selector matches nothing on the page")
	}
	return strings.Join(lines, "\n"), nil
}

// numberRE finds a number: digits with group separators (",", ".", "'",
// "’", and the no-break and thin spaces), an optional decimal part, and an
// optional magnitude suffix.
var numberRE = regexp.MustCompile(`[-−]?\d(?:[\d,.'’\x{00a0}\x{202f}\x{2009}]*\d)?(?:\s?(?i:k|m|mn|bn|thousand|million|billion)\b)?`)

func findNumber(s string) (float64, string, bool) {
	loc := numberRE.FindStringIndex(s)
	if loc == nil {
		return 0, "", false
	}
	num := s[loc[0]:loc[1]]
	v, err := ParseNumber(num)
	if err != nil {
		return 0, "", false
	}
	return v, num, true
}

// ParseNumber parses a number as pages write counts. The locale choice,
// made for counts (signatures, votes, casualties) rather than measurements:
//
//   - ',' '.' ”' '’' and no-break/thin spaces may group thousands;
//   - when both ',' and '.' appear, the last one is the decimal mark
//     ("1,234.5" and "1.234,5" are both 1234.5);
//   - a single kind of mark followed by exactly three digits groups
//     thousands ("1,611" and "1.611" are both 1611, so an English "1.611"
//     meaning one and a bit is misread; counts are what watches read);
//     followed by other than three digits it is a decimal mark ("10.5",
//     "1,5");
//   - suffixes k/thousand, m/mn/million and bn/billion multiply ("8k" is
//     8000, "1.2M" 1,200,000); a leading '-' or '−' negates.
//
// Errors: EINVALID when s is not a number in this form.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	neg := false
	if r := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "−"); r != t {
		neg, t = true, r
	}
	mult := 1.0
	lower := strings.ToLower(t)
	for _, suf := range []struct {
		s string
		m float64
	}{{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"mn", 1e6}, {"bn", 1e9}, {"k", 1e3}, {"m", 1e6}} {
		if strings.HasSuffix(lower, suf.s) {
			mult = suf.m
			t = strings.TrimSpace(t[:len(t)-len(suf.s)])
			break
		}
	}
	t = strings.NewReplacer("'", "", "’", "", "\u00a0", "", "\u202f", "", "\u2009", "").Replace(t)
	lastComma, lastDot := strings.LastIndex(t, ","), strings.LastIndex(t, ".")
	switch {
	case lastComma >= 0 && lastDot >= 0:
		dec := max(lastComma, lastDot)
		t = strings.NewReplacer(",", "", ".", "").Replace(t[:dec]) + "." + t[dec+1:]
	case lastComma >= 0 || lastDot >= 0:
		mark := ","
		if lastDot >= 0 {
			mark = "."
		}
		groups := strings.Split(t, mark)
		thousands := len(groups) > 2
		if !thousands {
			thousands = len(groups[1]) == 3
		}
		if thousands {
			for _, g := range groups[1:] {
				if len(g) != 3 {
					return 0, claims.Errorf(claims.EINVALID, "%q is not a number", s)
				}
			}
			t = strings.Join(groups, "")
		} else {
			t = groups[0] + "." + groups[1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" || strings.ContainsAny(t, "eEiInN+-_x") {
		return 0, claims.Errorf(claims.EINVALID, "%q is not a number", s)
	}
	v *= mult
	if neg {
		v = -v
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, claims.Errorf(claims.EINVALID, "%q is out of range", s)
	}
	return v, nil
}

// Comparison is a numeric watch's condition, such as ">= 1500".
type Comparison struct {
	// Op is one of ">=", ">", "<=", "<", "==", "!=".
	Op string
	// Value is the number the reading is compared with.
	Value float64
}

var comparisonOps = []string{">=", "<=", "==", "!=", ">", "<", "="}

// ParseComparison parses an operator followed by a number, as in ">= 1500",
// "<10.5" or "== 1,000" (the number as ParseNumber reads it; "=" means
// "==", "≥" and "≤" are accepted). Errors: EINVALID.
func ParseComparison(s string) (Comparison, error) {
	t := strings.TrimSpace(strings.NewReplacer("≥", ">=", "≤", "<=", "≠", "!=").Replace(s))
	for _, op := range comparisonOps {
		if rest, ok := strings.CutPrefix(t, op); ok {
			v, err := ParseNumber(rest)
			if err != nil {
				return Comparison{}, claims.Errorf(claims.EINVALID, "comparison %q: the value is not a number", s)
			}
			if op == "=" {
				op = "=="
			}
			return Comparison{Op: op, Value: v}, nil
		}
	}
	return Comparison{}, claims.Errorf(claims.EINVALID, "comparison %q must start with >=, >, <=, <, == or !=", s)
}

// Holds reports whether v satisfies the comparison. NaN satisfies none.
func (c Comparison) Holds(v float64) bool {
	switch c.Op {
	case ">=":
		return v >= c.Value
	case ">":
		return v > c.Value
	case "<=":
		return v <= c.Value
	case "<":
		return v < c.Value
	case "==":
		return v == c.Value
	case "!=":
		return v != c.Value && !math.IsNaN(v)
	}
	return false
}

// String renders the comparison as ParseComparison reads it.
func (c Comparison) String() string {
	return fmt.Sprintf("%s %s", c.Op, strconv.FormatFloat(c.Value, 'f', -1, 64))
}

// visibleText is all the text a reader could see on the page: everything
// in <body> but scripts, styles and other non-rendered elements.
func visibleText(src []byte) string {
	root := parseHTML(string(src)) // src was bounded by Page
	var doomed []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && hiddenTags[n.DataAtom] {
			doomed = append(doomed, n)
			return false
		}
		return true
	})
	for _, n := range doomed {
		n.Parent.RemoveChild(n)
	}
	if body := findFirst(root, atom.Body); body != nil {
		return renderText(body)
	}
	return renderText(root)
}

var hiddenTags = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
}

// CheckNumberWatch checks that a number watch's pattern, selector and
// comparison parse, so an editor hears of a typo when saving the watch
// rather than at the next check (it is a claims.WatchSyntax). EINVALID.
func CheckNumberWatch(w claims.NumberWatch) error {
	if _, _, err := compileWatch(w.Pattern, w.Selector); err != nil {
		return err
	}
	_, err := ParseComparison(w.Comparison)
	return err
}
