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
	a, b := Sentences(old), Sentences(new)
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
