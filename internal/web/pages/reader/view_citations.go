package reader

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// textPart is a run of text; a link when URL is set.
type textPart struct {
	Text string
	URL  string
}

// sourceAnchor is the id of a source's entry in the story's sources list.
func sourceAnchor(id int64) string { return "source-" + strconv.FormatInt(id, 10) }

// citations maps each outlet of the story's sources to its first entry in
// the sources list.
func citations(sources []claims.Source) map[string]string {
	out := map[string]string{}
	for _, src := range sources {
		if _, ok := out[src.Outlet]; !ok && strings.TrimSpace(src.Outlet) != "" {
			out[src.Outlet] = "#" + sourceAnchor(src.ID)
		}
	}
	return out
}

// linkCitations splits text so that every outlet it names, as a whole word,
// links to that outlet's entry in the sources list. Longer names win, so
// "Reuters Graphics" is not cut at "Reuters".
func linkCitations(text string, cites map[string]string) []textPart {
	names := make([]string, 0, len(cites))
	for n := range cites {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	var out []textPart
	for text != "" {
		at, name := -1, ""
		for _, n := range names {
			if i := wordIndex(text, n); i >= 0 && (at < 0 || i < at) {
				at, name = i, n
			}
		}
		if at < 0 {
			break
		}
		if at > 0 {
			out = append(out, textPart{Text: text[:at]})
		}
		out = append(out, textPart{Text: name, URL: cites[name]})
		text = text[at+len(name):]
	}
	if text != "" {
		out = append(out, textPart{Text: text})
	}
	return out
}

// wordIndex is strings.Index for a match that does not start or end inside
// a word.
func wordIndex(s, sub string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return -1
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(sub):])
		if !isWordRune(before) && !isWordRune(after) {
			return i
		}
		off = i + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// factItem is one of the story's facts with the outlets it cites.
type factItem struct {
	Text  string
	Cites []factCite
}

// factCite names a cited source by its outlet.
type factCite struct {
	ID     int64
	Outlet string
}

// newFactItems resolves the facts' source ids against the story's sources
// (outlet names them by id);
// a source since unlinked from every claim is left out of the citations.
func newFactItems(facts []claims.Fact, outlet map[int64]string) []factItem {
	out := make([]factItem, 0, len(facts))
	for _, f := range facts {
		it := factItem{Text: f.Text}
		for _, id := range f.SourceIDs {
			if name, ok := outlet[id]; ok {
				it.Cites = append(it.Cites, factCite{ID: id, Outlet: name})
			}
		}
		out = append(out, it)
	}
	return out
}
