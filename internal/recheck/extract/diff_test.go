package extract

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestDiff_OneEditedSentenceInArticle(t *testing.T) {
	old, edited := page(t, "article.html"), page(t, "article_edited.html")
	got := Diff(old.Text, edited.Text)
	want := Change{
		Removed: []string{"Local officials said no evacuation order had been issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load."},
		Added:   []string{"Local officials said an evacuation order had been prepared but not issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load."},
	}
	if !equalStrings(got.Removed, want.Removed) || !equalStrings(got.Added, want.Added) {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
}

func TestDiff_BoilerplateOnlyChangeIsEmpty(t *testing.T) {
	if c := Diff(page(t, "article.html").Text, page(t, "article_boilerplate.html").Text); !c.Empty() {
		t.Errorf("Diff of a boilerplate-only change = %s", c)
	}
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		removed, added []string
	}{
		{"identical", "A one. B two.", "A one. B two.", nil, nil},
		{"whitespace only", "A one.  B two.", "A one.\nB two.", nil, nil},
		{"sentence appended", "A one.", "A one. B two.", nil, []string{"B two."}},
		{"sentence removed from middle", "A one. B two. C three.", "A one. C three.", []string{"B two."}, nil},
		{"correction added and sentence edited", "A one. B two. C three.", "A one. B 2. C three. Correction: B was wrong.", []string{"B two."}, []string{"B 2.", "Correction: B was wrong."}},
		{"repeated sentences count", "Yes. Yes. No.", "Yes. No.", []string{"Yes."}, nil},
		{"order of additions is the new text's", "Zed.", "Zed. B first. A second.", nil, []string{"B first.", "A second."}},
		{"from nothing", "", "A one. B two.", nil, []string{"A one.", "B two."}},
		{"to nothing", "A one.", "", []string{"A one."}, nil},
		{"moved sentence", "A one. B two. C three.", "B two. C three. A one.", []string{"A one."}, []string{"A one."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.old, tt.new)
			if !equalStrings(got.Removed, tt.removed) || !equalStrings(got.Added, tt.added) {
				t.Errorf("Diff = removed %q added %q; want removed %q added %q", got.Removed, got.Added, tt.removed, tt.added)
			}
		})
	}
}

func TestDiff_LargeTextsUseMultisetAndNameEverySentence(t *testing.T) {
	var a, b strings.Builder
	for i := range 3000 {
		a.WriteString("Old sentence " + itoa(i) + ".\n")
		b.WriteString("New sentence " + itoa(i) + ".\n")
	}
	got := Diff(a.String(), b.String())
	if len(got.Removed) != 3000 || len(got.Added) != 3000 {
		t.Fatalf("removed %d added %d, want 3000 each", len(got.Removed), len(got.Added))
	}
	if got.Removed[0] != "Old sentence 0." || got.Added[2999] != "New sentence 2999." {
		t.Errorf("order not kept: %q %q", got.Removed[0], got.Added[2999])
	}
}

func TestDiff_IsDeterministic(t *testing.T) {
	old, edited := string(article50KB(t, 0)), string(article50KB(t, 3))
	a, _ := Page([]byte(old), "text/html", "")
	b, _ := Page([]byte(edited), "text/html", "")
	first := Diff(a.Text, b.Text).String()
	for range 3 {
		if again := Diff(a.Text, b.Text).String(); again != first {
			t.Fatal("Diff gave different results for the same input")
		}
	}
	if first == "" {
		t.Fatal("variants do not differ; the test would prove nothing")
	}
}

func BenchmarkDiff(b *testing.B) {
	x, _ := Page(article50KB(b, 0), "text/html", "")
	y, _ := Page(article50KB(b, 5), "text/html", "")
	b.SetBytes(int64(len(x.Text) + len(y.Text)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Diff(x.Text, y.Text)
	}
}

func TestDiff_SkippingSharedLinesKeepsTheDiffMinimal(t *testing.T) {
	// Few distinct sentences, so that repeats and near-repeats abound.
	vocab := []string{"The dam held.", "Officials said 1,204 faults were minor.", "Mr. Okafor disagreed!",
		"No. 10 said nothing.", "Residents were not convinced.", "It rained?", "The dam held"}
	rnd := rand.New(rand.NewPCG(4, 2))
	line := func() string {
		var s []string
		for range 1 + rnd.IntN(3) {
			s = append(s, vocab[rnd.IntN(len(vocab))])
		}
		return strings.Join(s, " ")
	}
	for i := range 2000 {
		var lines []string
		for range rnd.IntN(12) {
			lines = append(lines, line())
		}
		edited := append([]string{}, lines...)
		for range 1 + rnd.IntN(3) {
			at := rnd.IntN(len(edited) + 1)
			switch rnd.IntN(4) {
			case 0:
				edited = slices.Insert(edited, at, line())
			case 1:
				if at < len(edited) {
					edited = slices.Delete(edited, at, at+1)
				}
			case 2:
				if at < len(edited) {
					edited[at] = line()
				}
			case 3:
				if at < len(edited) {
					edited[at] += " " + vocab[rnd.IntN(len(vocab))]
				}
			}
		}
		old, new := strings.Join(lines, "\n"), strings.Join(edited, "\n")
		got, want := Diff(old, new), diffSentences(Sentences(old), Sentences(new))
		// Where a sentence repeats, two minimal diffs may name different
		// copies; what must hold is that the diff is as small and that
		// taking its sentences out leaves the same text on both sides.
		if len(got.Added) != len(want.Added) || len(got.Removed) != len(want.Removed) ||
			!sameMultiset(without(Sentences(old), got.Removed), without(Sentences(new), got.Added)) {
			t.Fatalf("case %d: Diff = %+v, diff of all sentences = %+v\nold:\n%s\nnew:\n%s", i, got, want, old, new)
		}
		if i%2 == 0 && !strings.Contains(old, "\n") && !strings.Contains(new, "\n") &&
			(!slices.Equal(got.Added, want.Added) || !slices.Equal(got.Removed, want.Removed)) {
			t.Fatalf("case %d: one-line texts diff differently: %+v, %+v", i, got, want)
		}
	}
}

// without removes one copy of each of drop from ss.
func without(ss, drop []string) []string {
	out := slices.Clone(ss)
	for _, d := range drop {
		if i := slices.Index(out, d); i >= 0 {
			out = slices.Delete(out, i, i+1)
		}
	}
	return out
}

func sameMultiset(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
