package match

import (
	"sort"
	"strings"
	"unicode"
)

// Text is a claim or sentence analysed once for scoring many times.
type Text struct {
	Raw     string
	toks    []Token
	stems   map[string]bool
	bigrams map[string]bool
	nums    []Quantity
}

// Analyze prepares text for Score.
func Analyze(text string) *Text {
	toks := Tokenize(text)
	t := &Text{Raw: text, toks: toks, stems: map[string]bool{}, bigrams: map[string]bool{}, nums: Quantities(toks)}
	prev := ""
	for i, tok := range toks {
		if tok.Stop || qualifiesNumber(toks, i) {
			continue
		}
		t.stems[tok.Stem] = true
		if prev != "" {
			t.bigrams[prev+" "+tok.Stem] = true
		}
		prev = tok.Stem
	}
	return t
}

// Result is how well a sentence repeats a claim.
type Result struct {
	// Score is in [0, 1]: 1 when the sentence states the claim's words, in
	// its phrases, with its numbers and its stance.
	Score  float64
	Stance Stance
	// Numbers is the agreement of the numbers (1 = all the claim's found).
	Numbers float64
}

// Weights of the parts of a score; the factors for numbers and stance
// multiply what the words give.
const (
	recallWeight    = 0.55 // how much of the claim the sentence says
	precisionWeight = 0.15 // how much of the sentence is about the claim
	bigramWeight    = 0.30 // the claim's phrases, not only its words
	negatedFactor   = 0.4
	// contrastFactor applies when the sentence says the opposite of a
	// claim's predicate ("opened" for "closed") instead of it.
	contrastFactor = 0.5
)

// Score rates how well sentence repeats claim.
func Score(claim, sentence *Text) Result {
	if len(claim.stems) == 0 || len(sentence.stems) == 0 {
		return Result{}
	}
	common := 0
	for s := range claim.stems {
		if sentence.stems[s] {
			common++
		}
	}
	recall := float64(common) / float64(len(claim.stems))
	precision := float64(common) / float64(len(sentence.stems))
	bi := recall
	if len(claim.bigrams) > 0 {
		n := 0
		for b := range claim.bigrams {
			if sentence.bigrams[b] {
				n++
			}
		}
		bi = float64(n) / float64(len(claim.bigrams))
	}
	r := Result{Numbers: numberAgreement(claim.nums, sentence.nums), Stance: polarity(claim.toks, sentence.toks)}
	r.Score = (recallWeight*recall + precisionWeight*precision + bigramWeight*bi) * r.Numbers
	if r.Stance == Negates {
		r.Score *= negatedFactor
	}
	if contrasted(claim, sentence) {
		r.Score *= contrastFactor
	}
	return r
}

// Candidate is a claim to be ranked against a sentence.
type Candidate struct {
	ID   int64
	Text *Text
}

// Ranked is a candidate with its result.
type Ranked struct {
	ID int64
	Result
}

// Rank scores every candidate against sentence, best first (ties: lower id
// first, so the order is stable).
func Rank(sentence *Text, cands []Candidate) []Ranked {
	out := make([]Ranked, 0, len(cands))
	for _, c := range cands {
		out = append(out, Ranked{ID: c.ID, Result: Score(c.Text, sentence)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// abbreviations end with a point that does not end a sentence.
var abbreviations = set(`mr mrs ms dr prof st sr jr gen col lt sgt rep sen gov pres inc ltd corp co vs etc
jan feb mar apr jun jul aug sep sept oct nov dec no approx e.g i.e u.s u.k u.n`)

// Sentences splits text into sentences: at '.', '!' or '?' followed by
// space and a capital, a digit or a quote, and at blank lines and line
// breaks; not after abbreviations or initials ("Dr. Lee", "J. Smith").
// Sentences are trimmed; empty ones are dropped.
func Sentences(text string) []string {
	var out []string
	rs := []rune(text)
	start := 0
	emit := func(end int) {
		s := strings.TrimSpace(string(rs[start:end]))
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\n' {
			emit(i + 1)
			continue
		}
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`.!?"'”’)]`, rs[j]) {
			j++
		}
		if j < len(rs) && !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && rs[k] == ' ' {
			k++
		}
		if k < len(rs) && !(unicode.IsUpper(rs[k]) || unicode.IsDigit(rs[k]) || strings.ContainsRune(`"'“‘(`, rs[k]) || rs[k] == '\n') {
			continue
		}
		if r == '.' && abbreviated(rs[start:i]) {
			continue
		}
		emit(j)
		i = j - 1
	}
	emit(len(rs))
	return out
}

// abbreviated reports whether the text before a point ends in an
// abbreviation or an initial.
func abbreviated(before []rune) bool {
	k := len(before)
	for k > 0 && (unicode.IsLetter(before[k-1]) || before[k-1] == '.') {
		k--
	}
	w := strings.ToLower(string(before[k:]))
	if w == "" {
		return false
	}
	return abbreviations[w] || len([]rune(w)) == 1 && unicode.IsLetter([]rune(w)[0])
}

// Snippet returns up to width runes of text around the first of terms'
// stems it finds, with "…" where it was cut; the start of text when none is
// found.
func Snippet(text string, terms []string, width int) string {
	want := map[string]bool{}
	for _, t := range ContentStems(strings.Join(terms, " ")) {
		want[t] = true
	}
	pos := 0
	for _, t := range Tokenize(text) {
		if want[t.Stem] {
			pos = t.Start
			break
		}
	}
	rs := []rune(text)
	at := len([]rune(text[:pos]))
	from := max(at-width/3, 0)
	to := min(from+width, len(rs))
	if to-from < width {
		from = max(to-width, 0)
	}
	// Start at a word, not inside one.
	for from > 0 && from < at && !unicode.IsSpace(rs[from-1]) {
		from++
	}
	s := strings.TrimSpace(string(rs[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < len(rs) {
		s += "…"
	}
	return s
}

// qualifiesNumber reports whether token i is a bound word ("passed",
// "over") just before a number: it belongs to the number, which is weighed
// apart, so "passed 1,500" and "more than 1,500" say the same.
func qualifiesNumber(toks []Token, i int) bool {
	if _, ok := boundWords[toks[i].Word]; !ok {
		return false
	}
	for j := i + 1; j < len(toks) && j <= i+2; j++ {
		if isNumber(toks[j].Word) || numberWords[toks[j].Word] > 0 {
			return true
		}
	}
	return false
}

// contrasted reports whether sentence holds the opposite of one of claim's
// stems and not the stem itself.
func contrasted(claim, sentence *Text) bool {
	for s := range claim.stems {
		if sentence.stems[s] {
			continue
		}
		for o := range contrasts[s] {
			if sentence.stems[o] {
				return true
			}
		}
	}
	return false
}
