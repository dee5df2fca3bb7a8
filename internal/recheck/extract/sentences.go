package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a full stop but rarely end a sentence, so a stop
// after them does not split. Lowercase, without the stop. Words that end
// sentences as often as not ("etc", "Inc", "Ltd") are deliberately absent:
// a missed split only merges two sentences in a diff, a wrong one cuts a
// name in half.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "gen": true, "gov": true, "sen": true, "rep": true, "rev": true,
	"hon": true, "pres": true, "lt": true, "col": true, "sgt": true, "capt": true, "cmdr": true,
	"adm": true, "maj": true, "messrs": true, "mme": true, "mlle": true, "vs": true, "v": true,
	"e.g": true, "i.e": true, "cf": true, "approx": true, "fig": true, "dept": true, "est": true,
	"jan": true, "feb": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "vol": true,
	"pp": true, "p": true, "ca": true, "al": true, "u.s": true, "u.k": true, "u.n": true, "a.m": true,
	"p.m": true,
}

// Sentences splits text into sentences, trimmed, in order. It is a simple
// rule-based splitter, good enough for news prose:
//
//   - every line is a paragraph, and no sentence crosses a line break;
//   - a sentence ends at '.', '!', '?' or '…' (runs such as "?!" or "..."
//     count as one), plus any closing quotes or brackets after it, when
//     white space follows and the next word starts with an upper-case
//     letter, a digit or an opening quote or bracket;
//   - so "1,500", "10.5%" and "example.com" never split (no space after the
//     stop), nor does "he said." followed by a lower-case word;
//   - a '.' after a known abbreviation ("Mr.", "Dr.", "Jan.", "U.S.") or a
//     single-letter initial ("J. K. Rowling") does not split;
//   - `"Is it over?" she asked.` stays one sentence; `He said "No." Then…`
//     splits after the closing quote.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(text, isLineBreak) {
		out = splitLine(line, out)
	}
	return out
}

func splitLine(line string, out []string) []string {
	start := 0
	i := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		if !isTerminator(r) {
			i += size
			continue
		}
		// Swallow the rest of a run of terminators and closing marks.
		end := i + size
		for end < len(line) {
			r2, s2 := utf8.DecodeRuneInString(line[end:])
			if !isTerminator(r2) && !isCloser(r2) {
				break
			}
			end += s2
		}
		if shouldSplit(line, start, i, r, end) {
			if s := strings.TrimSpace(line[start:end]); s != "" {
				out = append(out, s)
			}
			start = end
		}
		i = end
	}
	if s := strings.TrimSpace(line[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// shouldSplit decides whether the terminator r at line[at] (whose run of
// terminators and closers ends at end) ends the sentence that began at
// start.
func shouldSplit(line string, start, at int, r rune, end int) bool {
	if end >= len(line) {
		return true
	}
	next, size := utf8.DecodeRuneInString(line[end:])
	if !unicode.IsSpace(next) {
		return false
	}
	rest := strings.TrimLeftFunc(line[end+size:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(rest)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first) || isOpener(first)) {
		return false
	}
	if r != '.' || end != at+1 {
		// "!", "?", "…", "..." and a stop followed by a closing quote are
		// not abbreviations.
		return true
	}
	word := strings.ToLower(lastWord(line[start:at]))
	if word == "no" || word == "nos" {
		// "No. 10" is a number sign; "He said no. Then" ends a sentence.
		return !unicode.IsDigit(first)
	}
	if abbreviations[word] {
		return false
	}
	// A single capital before the stop is an initial.
	if w, n := utf8.DecodeRuneInString(lastWord(line[start:at])); n > 0 && n == len(lastWord(line[start:at])) {
		return !unicode.IsUpper(w)
	}
	return true
}

// lastWord returns the word right before the end of s: the letters, digits
// and inner stops (as in "U.S") after the last space or opening mark.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || isOpener(r) || r == '-' || r == '/'
	})
	return s[i+1:]
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '›', ')', ']', '}':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '„', '¿', '¡':
		return true
	}
	return false
}
