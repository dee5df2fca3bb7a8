package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"two plain sentences", "It rained. The match was off.", []string{"It rained.", "The match was off."}},
		{"titles do not split", "Mr. Weiss and Dr. Okafor met Mrs. Lee.", []string{"Mr. Weiss and Dr. Okafor met Mrs. Lee."}},
		{"numbers with separators", "About 1,500 people left. Turnout fell 10.5% to 3.2 million.", []string{"About 1,500 people left.", "Turnout fell 10.5% to 3.2 million."}},
		{"initials do not split", "J. K. Rowling wrote it. Critics agreed.", []string{"J. K. Rowling wrote it.", "Critics agreed."}},
		{"quote closing after stop splits after quote", `He said "It is over." Then he left.`, []string{`He said "It is over."`, "Then he left."}},
		{"question inside quote then lower case", `"Is it over?" she asked. Nobody knew.`, []string{`"Is it over?" she asked.`, "Nobody knew."}},
		{"typographic quotes", "“We will not resign.” The minister left.", []string{"“We will not resign.”", "The minister left."}},
		{"sentence starting with quote", `It ended. "Never again," he said.`, []string{"It ended.", `"Never again," he said.`}},
		{"exclamation and question runs", "Really?! Yes. Wow… Fine.", []string{"Really?!", "Yes.", "Wow…", "Fine."}},
		{"ellipsis dots", "He paused... Then spoke.", []string{"He paused...", "Then spoke."}},
		{"lower case after stop does not split", "The figure was approx. three times higher.", []string{"The figure was approx. three times higher."}},
		{"domain names", "See example.com for more. Done.", []string{"See example.com for more.", "Done."}},
		{"number sign abbreviation", "It was No. 10 on the list. He said no. Then he left.", []string{"It was No. 10 on the list.", "He said no.", "Then he left."}},
		{"U.S. abbreviation", "The U.S. Senate voted.", []string{"The U.S. Senate voted."}},
		{"month abbreviation", "On Sept. 12 it opened.", []string{"On Sept. 12 it opened."}},
		{"sentence ending in a year", "It opened in 2019. It closed.", []string{"It opened in 2019.", "It closed."}},
		{"lines are paragraphs", "No stop here\nNext line. Two.", []string{"No stop here", "Next line.", "Two."}},
		{"brackets", "He won (narrowly.) The rest lost.", []string{"He won (narrowly.)", "The rest lost."}},
		{"empty", "", nil},
		{"only spaces", "  \n \t ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sentences(tt.in); !equalStrings(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("Mr. Smith paid $1,500.50 on Jan. 3. He left!")
	f.Add(`"Why?" he asked. “Because.” Fine…`)
	f.Add("a.b.c. D\n\nE. f")
	f.Add("\xff. \xfe. ...")
	f.Fuzz(func(t *testing.T, text string) {
		got := Sentences(text)
		for _, s := range got {
			if s == "" || s != strings.TrimSpace(s) {
				t.Fatalf("sentence %q is empty or untrimmed", s)
			}
			if strings.ContainsAny(s, "\n\r") {
				t.Fatalf("sentence %q crosses a line", s)
			}
		}
		// Splitting loses nothing but white space.
		strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if strip(strings.Join(got, " ")) != strip(strings.Join(strings.FieldsFunc(text, isLineBreak), " ")) {
			if utf8.ValidString(text) {
				t.Fatalf("sentences %q do not add up to %q", got, text)
			}
		}
	})
}
