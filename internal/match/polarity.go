package match

// Stance is what a sentence does with a claim it mentions.
type Stance int

// A sentence asserts a claim (in its own voice or quoting someone who makes
// it), or negates it ("the audio is not authentic", "Meta denied that ...",
// "police had not confirmed ...": reporting the claim as unconfirmed or
// denied is not repeating it).
const (
	Asserts Stance = iota
	Negates
)

// negators flip what the words after them say.
var negators = set(`not no never n't nobody nothing none neither nor cannot without`)

// denials are verbs and nouns of denying, doubting or refuting a statement
// reported in the same sentence: "X denied that ...", "there is no evidence
// that ...", "a false claim that ...".
var denials = set(`deny denies denied denying denial denials refute refutes refuted refuting rebut rebutted
reject rejects rejected rejecting dismiss dismisses dismissed dismissing dispute disputes disputed disputing
debunk debunks debunked debunking false falsely untrue baseless unfounded unsubstantiated unverified
myth hoax rumour rumours rumor rumors misleading fabricated doubt doubts doubted doubtful retract retracted
contradict contradicts contradicted`)

// hedges make a sentence report a claim without standing behind it when
// they come with a negation: "had not confirmed", "could not verify".
var hedges = set(`confirm confirms confirmed confirming verify verifies verified verifying prove proves proved proven
substantiate substantiated corroborate corroborated evidence establish established`)

// polarity reads a sentence's stance towards what it states, given the
// claim's own tokens: a negation the claim itself carries ("did not pay
// tax") is part of the claim, so only the difference counts.
func polarity(claim, sentence []Token) Stance {
	if negations(sentence)%2 != negations(claim)%2 {
		return Negates
	}
	if denied(sentence) && !denied(claim) {
		return Negates
	}
	return Asserts
}

func negations(toks []Token) int {
	n := 0
	for i, t := range toks {
		if !negators[t.Word] && t.Stem != "not" {
			continue
		}
		// "not only" and "no longer" ... do not deny what follows; a
		// negated hedge ("not confirmed") is read by denied instead.
		if i+1 < len(toks) && (toks[i+1].Word == "only" || toks[i+1].Word == "doubt") {
			continue
		}
		if negatedHedge(toks, i) {
			continue
		}
		n++
	}
	return n
}

// negatedHedge reports whether the negation at i governs a hedge verb
// within the next three words ("has not yet been confirmed").
func negatedHedge(toks []Token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		if hedges[toks[j].Word] {
			return true
		}
	}
	return false
}

func denied(toks []Token) bool {
	for i, t := range toks {
		if denials[t.Word] {
			return true
		}
		if (negators[t.Word] || t.Stem == "not") && negatedHedge(toks, i) {
			return true
		}
		// "unconfirmed", "unproven"
		if len(t.Word) > 2 && t.Word[:2] == "un" && hedges[t.Word[2:]] {
			return true
		}
	}
	return false
}
