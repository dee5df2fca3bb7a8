package extract

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Change is what changed in a text between two checks, sentence by
// sentence.
type Change struct {
	// Removed are the old text's sentences that are not in the new one, in
	// the old text's order.
	Removed []string
	// Added are the new text's sentences that were not in the old one, in
	// the new text's order.
	Added []string
}

// Empty reports whether nothing was added or removed.
func (c Change) Empty() bool { return len(c.Added) == 0 && len(c.Removed) == 0 }

// maxDiffCells bounds the exact diff: when the sentences that differ
// (after the common start and end are set aside) multiply to more than
// this, Diff compares them as multisets instead, which is linear and still
// names every sentence added or removed, only without caring about moves.
const maxDiffCells = 4_000_000

// Diff returns the sentences removed from old and added in new (see
// Sentences for how text is split). A sentence edited in place shows as its
// old form removed and its new form added. The result is deterministic:
// the diff runs without a time limit, bounded by maxDiffCells instead.
func Diff(old, new string) Change {
	// No sentence crosses a line break, so lines both texts start or end
	// with give the same sentences on both sides, which the common start
	// and end below would set aside anyway; skipping them first saves
	// splitting a long article that changed in one paragraph.
	old, new = trimCommonLines(old, new)
	return diffSentences(Sentences(old), Sentences(new))
}

// trimCommonLines drops the whole lines that old and new share at their
// start and at their end.
func trimCommonLines(old, new string) (string, string) {
	n := min(len(old), len(new))
	p := 0
	for p < n && old[p] == new[p] {
		p++
	}
	if p < len(old) || p < len(new) {
		// Keep only whole lines: back up to just after a line break.
		p = strings.LastIndexByte(old[:p], '\n') + 1
	}
	old, new = old[p:], new[p:]
	n = min(len(old), len(new))
	s := 0
	for s < n && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	if s < len(old) || s < len(new) {
		// Keep only whole lines: move up to just before a line break.
		if i := strings.IndexByte(old[len(old)-s:], '\n'); i >= 0 {
			s -= i
		} else {
			s = 0
		}
	}
	return old[:len(old)-s], new[:len(new)-s]
}

// diffSentences is Diff on texts already split into sentences.
func diffSentences(a, b []string) Change {
	// Set aside the common start and end: most edits touch a few sentences.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[p:len(a)-s], b[p:len(b)-s]
	if len(a) == 0 || len(b) == 0 {
		return Change{Removed: a, Added: b}
	}
	if len(a)*len(b) > maxDiffCells {
		return multisetDiff(a, b)
	}
	return myersDiff(a, b)
}

// myersDiff maps each distinct sentence to one rune and lets go-diff run
// Myers' algorithm over the rune strings, so sentences compare as units.
func myersDiff(a, b []string) Change {
	ids := map[string]rune{}
	var names []string
	encode := func(ss []string) []rune {
		out := make([]rune, len(ss))
		for i, s := range ss {
			r, ok := ids[s]
			if !ok {
				r = idRune(len(names))
				ids[s] = r
				names = append(names, s)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	byRune := make(map[rune]string, len(names))
	for s, r := range ids {
		byRune[r] = s
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // a timeout would make the result depend on machine load
	var c Change
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		for _, r := range d.Text {
			switch d.Type {
			case diffmatchpatch.DiffDelete:
				c.Removed = append(c.Removed, byRune[r])
			case diffmatchpatch.DiffInsert:
				c.Added = append(c.Added, byRune[r])
			}
		}
	}
	return c
}

// idRune numbers sentences with runes, stepping over the surrogate range
// (which does not survive a round trip through a Go string).
func idRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

// multisetDiff is the linear fallback: every sentence of a beyond its count
// in b is removed, every sentence of b beyond its count in a is added.
func multisetDiff(a, b []string) Change {
	count := map[string]int{}
	for _, s := range b {
		count[s]++
	}
	var c Change
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
		} else {
			c.Removed = append(c.Removed, s)
		}
	}
	count = map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		if count[s] > 0 {
			count[s]--
		} else {
			c.Added = append(c.Added, s)
		}
	}
	return c
}

// String renders the change for people: removed sentences prefixed "- ",
// added ones "+ ", one per line.
func (c Change) String() string {
	var b strings.Builder
	for _, s := range c.Removed {
		b.WriteString("- " + s + "\n")
	}
	for _, s := range c.Added {
		b.WriteString("+ " + s + "\n")
	}
	return b.String()
}
