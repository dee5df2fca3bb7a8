package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FindPhrase reports whether phrase occurs in text and returns the first
// sentence that contains it, for phrase_found events to quote. Matching
// ignores case, typographic quotes and dashes, and runs of white space, and
// respects word boundaries: "fabricated" does not match "unfabricated" or
// "fabricatedly". A blank phrase is never found.
func FindPhrase(text, phrase string) (sentence string, ok bool) {
	p := foldText(phrase)
	if p == "" {
		return "", false
	}
	for _, s := range Sentences(text) {
		if containsWord(foldText(s), p) {
			return s, true
		}
	}
	return "", false
}

// containsWord reports whether p occurs in s with no letter or digit
// directly before or after it (where p itself starts or ends with one).
func containsWord(s, p string) bool {
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	for off := 0; off <= len(s)-len(p); {
		i := strings.Index(s[off:], p)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(p)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		okBefore := i == 0 || !isWordRune(first) || !isWordRune(before)
		okAfter := j == len(s) || !isWordRune(last) || !isWordRune(after)
		if okBefore && okAfter {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		off = i + size
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// QuoteSimilarity is the least similarity (see similarity) at which a
// passage of the page counts as an edited form of a quote that is no
// longer found verbatim. At 0.6, "officials confirmed the figure on
// Tuesday" still matches "officials disputed the figure on Tuesday" (one
// word of seven changed) while an unrelated sentence on the same topic does
// not.
const QuoteSimilarity = 0.6

// maxQuoteWords caps how many words of a quote and of a candidate passage
// the similarity looks at, so a pasted essay cannot make it quadratic in
// the page.
const maxQuoteWords = 300

// FindQuote looks for a quoted passage in text. Both are compared after
// folding case, white space, typographic quotes and dashes, so re-typeset
// punctuation is not an edit; an ellipsis ("…" or "...") in the quote
// stands for omitted words, and its parts must appear in order.
//
// When the passage is not found, closest is the run of consecutive
// sentences (as many as the quote has) most similar to it, if its
// similarity reaches QuoteSimilarity: the checker reports quote_changed
// when closest is set and quote_removed when it is empty. A blank quote is
// reported as found.
func FindQuote(text, quote string) (found bool, closest string) {
	parts := quoteParts(quote)
	if len(parts) == 0 {
		return true, ""
	}
	hay := foldText(text)
	pos := 0
	found = true
	for _, p := range parts {
		i := strings.Index(hay[pos:], p)
		if i < 0 {
			found = false
			break
		}
		pos += i + len(p)
	}
	if found {
		return true, ""
	}

	want := words(strings.Join(parts, " "))
	k := len(Sentences(quote))
	if k < 1 {
		k = 1
	}
	wantSet := make(map[string]bool, len(want))
	for _, w := range want {
		wantSet[w] = true
	}
	sents := Sentences(text)
	best := 0.0
	for i := range sents {
		if i+k > len(sents) && i > 0 {
			break
		}
		end := min(i+k, len(sents))
		cand := strings.Join(sents[i:end], " ")
		cw := words(foldText(cand))
		// The shared-word count bounds the LCS: skip the quadratic step for
		// passages that cannot reach the threshold (most of a page).
		shared := 0
		for _, w := range cw {
			if wantSet[w] {
				shared++
			}
		}
		if 2*float64(shared)/float64(len(want)+len(cw)) < max(QuoteSimilarity, best) {
			continue
		}
		if sim := similarity(want, cw); sim > best {
			best, closest = sim, cand
		}
	}
	if best < QuoteSimilarity {
		return false, ""
	}
	return false, closest
}

// quoteParts folds a quote and splits it at ellipses, dropping the outer
// quotation marks a user may have pasted with it.
func quoteParts(quote string) []string {
	q := strings.ReplaceAll(foldText(quote), "...", "…")
	var parts []string
	for _, p := range strings.Split(q, "…") {
		p = strings.Trim(p, " \"'[]")
		if p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// words splits folded text into words, punctuation stripped, capped at
// maxQuoteWords.
func words(s string) []string {
	w := strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
	if len(w) > maxQuoteWords {
		w = w[:maxQuoteWords]
	}
	return w
}

// similarity is the Dice coefficient over the longest common subsequence of
// words: 2·LCS / (len(a)+len(b)), 1 for equal passages, 0 for passages with
// no word in common in the same order.
func similarity(a, b []string) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(b)]) / float64(len(a)+len(b))
}
