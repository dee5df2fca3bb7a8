package match

import (
	"math"
	"strconv"
	"strings"
)

// Bound says how a text qualifies a number.
type Bound int

// How a number is qualified: "1,500" is exact, "more than 1,000" a lower
// bound, "nearly 2,000" an upper one, "about 300" approximate.
const (
	Exact Bound = iota
	Lower
	Upper
	About
)

// Quantity is a number a text states, with its qualifier.
type Quantity struct {
	Value float64
	Bound Bound
	// Percent marks "40%" and "40 percent".
	Percent bool
}

var boundWords = map[string]Bound{
	"over": Lower, "above": Lower, "exceeding": Lower, "exceeded": Lower, "passed": Lower, "surpassed": Lower,
	"topped": Lower, "beyond": Lower, "least": Lower, "more": Lower, "greater": Lower,
	"under": Upper, "below": Upper, "nearly": Upper, "almost": Upper, "fewer": Upper, "less": Upper,
	"most":  Upper, // "at most"; "up to" is read apart
	"about": About, "around": About, "roughly": About, "approximately": About, "some": About,
	"estimated": About, "circa": About,
}

var scaleWords = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"k": 1e3, "m": 1e6, "bn": 1e9,
}

var numberWords = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "half": 0.5,
}

// Quantities returns the numbers toks state, in order. "1.5 million" is one
// quantity, 1,500,000; a qualifier up to three words before it sets its
// bound ("more than 1,000", "at least 40%").
func Quantities(toks []Token) []Quantity {
	var out []Quantity
	for i := 0; i < len(toks); i++ {
		w := toks[i].Word
		var v float64
		switch {
		case isNumber(w):
			f, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
			if err != nil {
				continue
			}
			v = f
		case numberWords[w] > 0:
			v = numberWords[w]
		default:
			continue
		}
		q := Quantity{Value: v}
		j := i + 1
		for j < len(toks) {
			if s, ok := scaleWords[toks[j].Word]; ok {
				q.Value *= s
				j++
				continue
			}
			break
		}
		if j < len(toks) && (toks[j].Word == "percent" || toks[j].Word == "per") {
			q.Percent = true
		}
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if toks[k].Word == "to" && k > 0 && toks[k-1].Word == "up" {
				q.Bound = Upper
				break
			}
			if b, ok := boundWords[toks[k].Word]; ok {
				q.Bound = b
				break
			}
		}
		out = append(out, q)
		i = j - 1
	}
	return out
}

// sameQuantity reports whether two stated numbers say the same thing: the
// same value (within 1%, or 10% when either is approximate) and bounds that
// do not contradict ("more than 1,000" and "over 1,000" agree; "more than
// 1,000" and "fewer than 1,000" do not; "1,500" is not "more than 1,000").
func sameQuantity(a, b Quantity) bool {
	tol := 0.01
	if a.Bound == About || b.Bound == About || a.Bound == Upper || b.Bound == Upper {
		tol = 0.1
	}
	if math.Abs(a.Value-b.Value) > tol*math.Max(math.Abs(a.Value), math.Abs(b.Value)) {
		return false
	}
	if (a.Bound == Lower && b.Bound == Upper) || (a.Bound == Upper && b.Bound == Lower) {
		return false
	}
	return true
}

// numberAgreement scores how the numbers of a sentence agree with a
// claim's: 1 when the claim states none or all of them are found, lower as
// they go missing, and low when the sentence states other numbers instead.
func numberAgreement(claim, sentence []Quantity) float64 {
	if len(claim) == 0 {
		return 1
	}
	found := 0
	for _, c := range claim {
		for _, s := range sentence {
			if sameQuantity(c, s) {
				found++
				break
			}
		}
	}
	switch {
	case found == len(claim):
		return 1
	case len(sentence) == 0:
		// The sentence leaves the number out: the same subject, but the
		// claim is about the number.
		return 0.8
	case found > 0:
		return 0.6
	}
	return 0.35 // other numbers: a different claim about the same thing
}
