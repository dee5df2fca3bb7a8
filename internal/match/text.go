// Package match decides whether a sentence repeats a tracked claim. The
// databases' full-text search finds candidate claims; this package ranks
// them the way a reader would judge them: the same words after stemming, the
// same phrases, the same numbers, and the same stance (a sentence that denies
// a claim or reports it unconfirmed does not repeat it). It imports only the
// standard library and a stemmer, so the rules are tested without storage.
package match

import (
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Token is one word of a text as matching sees it.
type Token struct {
	// Word is the lower-cased word as written ("signatures", "1,500").
	Word string
	// Stem is its English stem ("signatur"); synonyms share one stem.
	Stem string
	// Stop marks function words that say little about what a text claims.
	Stop bool
	// Start is the byte offset of the word in the text.
	Start int
}

// Tokenize splits text into words: letters and digits, with inner
// apostrophes, hyphens, commas and points kept where they join two letters
// or digits ("don't", "1,500", "2.5"). Curly apostrophes count as straight.
func Tokenize(text string) []Token {
	var out []Token
	rs := []rune(text)
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	offs[len(rs)] = o
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(rs); {
		if !isWord(rs[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) {
			if isWord(rs[j]) {
				j++
				continue
			}
			if j+1 < len(rs) && isWord(rs[j+1]) && joins(rs[j], rs[j-1], rs[j+1]) {
				j += 2
				continue
			}
			break
		}
		w := strings.ToLower(strings.ReplaceAll(string(rs[i:j]), "’", "'"))
		out = append(out, newToken(w, offs[i]))
		i = j
	}
	return out
}

// joins reports whether sep between prev and next keeps one word together.
func joins(sep, prev, next rune) bool {
	switch sep {
	case '\'', '’', '-':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case ',', '.':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

func newToken(w string, start int) Token {
	t := Token{Word: w, Start: start, Stop: stopWords[w]}
	switch {
	case isNumber(w):
		t.Stem = strings.ReplaceAll(w, ",", "")
	case strings.HasSuffix(w, "n't"):
		t.Stem, t.Stop = "not", true
	default:
		t.Stem = stems.of(strings.TrimSuffix(w, "'s"))
	}
	return t
}

// maxStems bounds the words whose stems are remembered.
const maxStems = 100_000

// stemMemo remembers the stems of words already seen: texts repeat a small
// vocabulary, and stemming was most of the CPU time of matching an article
// and of ranking search results. It is a cache of a pure function, so it
// changes no answer.
type stemMemo struct {
	mu sync.RWMutex
	m  map[string]string
}

var stems = &stemMemo{m: map[string]string{}}

// of returns word's stem, synonyms mapped to one.
func (sm *stemMemo) of(word string) string {
	sm.mu.RLock()
	st, ok := sm.m[word]
	sm.mu.RUnlock()
	if ok {
		return st
	}
	st = english.Stem(word, true)
	if s, ok := synonyms[st]; ok {
		st = s
	}
	sm.mu.Lock()
	if len(sm.m) >= maxStems {
		sm.m = map[string]string{}
	}
	sm.m[word] = st
	sm.mu.Unlock()
	return st
}

func isNumber(w string) bool {
	if w == "" || !unicode.IsDigit(rune(w[0])) {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) && r != ',' && r != '.' {
			return false
		}
	}
	return true
}

// ContentStems returns the distinct stems of text's words that are not
// function words, in the order they first appear.
func ContentStems(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range Tokenize(text) {
		if t.Stop || seen[t.Stem] {
			continue
		}
		seen[t.Stem] = true
		out = append(out, t.Stem)
	}
	return out
}

// QueryWords returns the distinct words of text worth searching for: not
// function words, at most max of them (0 = all), lower-cased, as written.
// The databases stem them with their own rules.
func QueryWords(text string, max int) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range Tokenize(text) {
		if t.Stop || seen[t.Word] || len(t.Word) < 2 && !isNumber(t.Word) {
			continue
		}
		w := strings.ReplaceAll(t.Word, "'", "")
		if isNumber(w) {
			w = strings.ReplaceAll(w, ",", "")
			if strings.Contains(w, ".") {
				continue // the databases split "2.5" differently
			}
		}
		if strings.Contains(w, "-") {
			continue // each part is a word of its own to the databases
		}
		seen[t.Word] = true
		out = append(out, w)
		if max > 0 && len(out) == max {
			break
		}
	}
	return out
}
