package match

import (
	"slices"
	"testing"
)

func TestSentences_SplitsAtSentenceEndsNotAbbreviations(t *testing.T) {
	got := Sentences("Dr. Lee said the U.S. plan costs $1.5 million. It passed! \"Really?\" she asked.\nNew paragraph without a point")
	want := []string{"Dr. Lee said the U.S. plan costs $1.5 million.", "It passed!", "\"Really?\" she asked.", "New paragraph without a point"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestQuantities_ReadValuesScalesAndBounds(t *testing.T) {
	cases := []struct {
		text string
		want []Quantity
	}{
		{"more than 1,000 signatures", []Quantity{{Value: 1000, Bound: Lower}}},
		{"1.5 million users", []Quantity{{Value: 1.5e6}}},
		{"nearly 40 percent", []Quantity{{Value: 40, Bound: Upper, Percent: true}}},
		{"up to 300 jobs and about two thousand", []Quantity{{Value: 300, Bound: Upper}, {Value: 2000, Bound: About}}},
	}
	for _, c := range cases {
		if got := Quantities(Tokenize(c.text)); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.text, got, c.want)
		}
	}
}

func TestScore_WeighsWordsNumbersAndStance(t *testing.T) {
	claim := Analyze("The petition passed 1,500 signatures.")
	cases := []struct {
		sentence string
		high     bool
	}{
		{"By Friday the petition had passed 1,500 signatures, organisers said.", true},
		{"More than 1,500 people have signed the petition.", true},
		{"The petition passed 1,000 signatures.", false},
		{"The petition has not passed 1,500 signatures.", false},
		{"Organisers denied that the petition passed 1,500 signatures.", false},
		{"Police had not confirmed that the petition passed 1,500 signatures.", false},
		{"A second petition about parking collected signatures outside the town hall.", false},
	}
	for _, c := range cases {
		r := Score(claim, Analyze(c.sentence))
		if (r.Score >= 0.5) != c.high {
			t.Errorf("%q: score %.2f (stance %d, numbers %.2f), want high=%v", c.sentence, r.Score, r.Stance, r.Numbers, c.high)
		}
	}
}

func TestSnippet_CentresOnTheFirstTermFound(t *testing.T) {
	got := Snippet("A long introduction that says nothing at all about the matter, and then the recordings appear.", []string{"recording"}, 30)
	if got != "…then the recordings appear." {
		t.Fatalf("got %q", got)
	}
}
