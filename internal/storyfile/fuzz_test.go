package storyfile

import "testing"

// FuzzParse feeds the parser arbitrary files: it must never panic, and a
// file it accepts must come back the same through Format and Parse, with
// Format stable from then on. The seed corpus (testdata/fuzz/FuzzParse)
// holds real story files, the demo story's export among them.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		story, err := Parse(data)
		if err != nil {
			return
		}
		out, err := Format(story)
		if err != nil {
			t.Fatalf("Format of a parsed file: %v", err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Format(story)) = %v\n%s", err, out)
		}
		if !sameStory(story, again) {
			t.Fatalf("the story changed through Format and Parse:\n%s", out)
		}
		out2, err := Format(again)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("Format is not stable (%v):\n%s\n---\n%s", err, out, out2)
		}
	})
}
