package storyfile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// parser collects problems while it walks the document.
type parser struct {
	problems []claims.FileLine
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, claims.FileLine{Line: n.Line, Message: fmt.Sprintf(format, args...)})
}

// fields walks a mapping, calling one handler per key it knows; unknown,
// repeated or missing required keys are problems. It reports false when
// n is not a mapping.
func (p *parser) fields(n *yaml.Node, what string, handlers map[string]func(v *yaml.Node), required ...string) bool {
	if n.Kind == yaml.AliasNode {
		p.errorf(n, "anchors and aliases (*name) are not supported")
		return false
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of keys to values", what)
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		h, ok := handlers[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "keys of %s must be plain words", what)
		case !ok:
			p.errorf(k, "unknown key %q in %s; allowed: %s", k.Value, what, keyList(handlers))
		case seen[k.Value]:
			p.errorf(k, "%s has %q twice", what, k.Value)
		default:
			seen[k.Value] = true
			if v.Kind == yaml.AliasNode {
				p.errorf(v, "anchors and aliases (*name) are not supported")
				continue
			}
			h(v)
		}
	}
	for _, r := range required {
		if !seen[r] {
			p.errorf(n, "%s needs %q", what, r)
		}
	}
	return true
}

func keyList(h map[string]func(*yaml.Node)) string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// str reads text: any scalar, as written; null is empty. Control
// characters other than tab and newline are refused, as they cannot
// round-trip through a file an editor edits.
func (p *parser) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s must be text", what)
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	for _, r := range n.Value {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError || r == '\ufeff' {
			p.errorf(n, "%s contains a control character (%U)", what, r)
			return ""
		}
	}
	// Whitespace at either end means nothing (the service trims what it
	// stores), and a leading blank line in a block scalar does not survive
	// YAML's encoder, so a parsed file would not come back the same.
	return strings.TrimSpace(n.Value)
}

// text reads text that must not be blank.
func (p *parser) text(n *yaml.Node, what string) string {
	s := p.str(n, what)
	if strings.TrimSpace(s) == "" && n.Kind == yaml.ScalarNode {
		p.errorf(n, "%s must not be empty", what)
	}
	return s
}

func (p *parser) boolean(n *yaml.Node, what string) *bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		if b, err := strconv.ParseBool(n.Value); err == nil {
			return &b
		}
	}
	p.errorf(n, "%s must be true or false", what)
	return nil
}

// list walks a sequence; null is an empty one.
func (p *parser) list(n *yaml.Node, what string, each func(item *yaml.Node)) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list (lines starting with \"- \")", what)
		return
	}
	for _, item := range n.Content {
		if item.Kind == yaml.AliasNode {
			p.errorf(item, "anchors and aliases (*name) are not supported")
			continue
		}
		each(item)
	}
}

// items reads a sequence into one T per item; null is an empty one.
func items[T any](p *parser, n *yaml.Node, what string, each func(item *yaml.Node) T) []T {
	var out []T
	p.list(n, what, func(item *yaml.Node) { out = append(out, each(item)) })
	return out
}

func (p *parser) strings(n *yaml.Node, what string) []string {
	return items(p, n, what, func(item *yaml.Node) string { return p.text(item, "each entry of "+what) })
}

// time reads a date or an RFC 3339 time, kept to the microsecond as the
// databases keep it; empty is nil.
func (p *parser) time(v *yaml.Node, what string) *time.Time {
	s := p.str(v, what)
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC().Truncate(time.Microsecond)
			return &t
		}
	}
	p.errorf(v, "%s must be a date like 2026-05-01 or an RFC 3339 time", what)
	return nil
}
