package storyfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse_ReadsEveryFieldWithItsLine(t *testing.T) {
	f, err := Parse(readFile(t, "petition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Slug != "council-petition" || f.Published == nil || !*f.Published || !strings.HasPrefix(f.Summary, "A petition asks") {
		t.Errorf("story fields = %q, %v, %q", f.Slug, f.Published, f.Summary)
	}
	if len(f.Context) != 1 || f.Context[0].Question != "Who started the petition?" || len(f.Perspectives.Agree) != 1 || len(f.Perspectives.Split) != 1 {
		t.Errorf("context %+v, perspectives %+v", f.Context, f.Perspectives)
	}
	if f.Lines["title"] != 4 || f.Lines["summary"] != 6 {
		t.Errorf("lines = %v; want title at 4, summary at 6", f.Lines)
	}
	if len(f.Sources) != 3 || f.Sources[1].URL != "" || f.Sources[2].ChecksPaused == nil || !*f.Sources[2].ChecksPaused || f.Sources[0].Line != 18 {
		t.Errorf("sources = %+v", f.Sources)
	}
	if len(f.Claims) != 2 {
		t.Fatalf("%d claims, want 2", len(f.Claims))
	}
	c := f.Claims[0]
	if want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC); c.ReviewBy == nil || !c.ReviewBy.Equal(want) {
		t.Errorf("review_by = %v, want %v", c.ReviewBy, want)
	}
	if c.Line != 33 || c.Lines["status"] != 34 {
		t.Errorf("claim at line %d, status at %d; want 33 and 34", c.Line, c.Lines["status"])
	}
	if len(c.Sources) != 2 || c.Sources[1] != (claims.FileLink{Source: "gazette", Stance: "supports", Line: 40}) {
		t.Errorf("links = %+v", c.Sources)
	}
	w := c.Watches
	if w == nil || len(w.Phrases) != 1 || len(w.Numbers) != 1 || w.Numbers[0].Source != "petition" || w.Numbers[0].Comparison != ">= 1500" {
		t.Errorf("watches = %+v", w)
	}
	if e := f.Claims[1].Evidence; len(e) != 2 || e[0].Quote != "No date has been set for any closure." || e[1].Source != "" {
		t.Errorf("evidence = %+v", e)
	}
	radio := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	if a := f.Claims[1].Appearances; len(a) != 2 || a[0].Outlet != "Radio North" || a[0].Claimant != "A library worker" ||
		a[0].AppearedAt == nil || !a[0].AppearedAt.Equal(radio) || a[1].URL != "" || a[1].Line != 72 {
		t.Errorf("appearances = %+v", a)
	}
}

func TestParse_ProblemsNameTheirLine(t *testing.T) {
	const ok = "title: T\nsources:\n  - {ref: a, outlet: A, kind: wire}\nclaims:\n  - text: C\n    sources: [{source: a, stance: supports}]\n"
	tests := []struct {
		name, file string
		line       int
		want       string
	}{
		{"empty file", "", 1, "empty"},
		{"not YAML", "title: [unclosed\n", 1, "not valid YAML"},
		{"a list at the root", "- a\n- b\n", 1, "must be a mapping"},
		{"no title", "slug: s\n", 1, `needs "title"`},
		{"unknown key", "title: T\nsumary: typo\n", 2, `unknown key "sumary"`},
		{"repeated key", "title: T\ntitle: U\n", 2, `"title" twice`},
		{"published not a bool", "title: T\npublished: maybe\n", 2, "true or false"},
		{"other format", "format: other/2\ntitle: T\n", 1, "claimtrack reads"},
		{"unknown stance", strings.Replace(ok, "stance: supports", "stance: agrees", 1), 6, `unknown stance "agrees"`},
		{"unknown outlet kind", strings.Replace(ok, "kind: wire", "kind: blog", 1), 3, `unknown outlet kind "blog"`},
		{"unknown source", strings.Replace(ok, "source: a,", "source: b,", 1), 6, `no source is named "b"`},
		{"source never cited", ok + "  - text: D\n", 0, ""},
		{"uncited source", strings.Replace(ok, "    sources: [{source: a, stance: supports}]\n", "", 1), 3, "not cited"},
		{"duplicate ref", strings.Replace(ok, "kind: wire}\n", "kind: wire}\n  - {ref: a, outlet: B, kind: wire}\n", 1), 4, "listed twice"},
		{"claim without text", ok + "  - status: confirmed\n", 7, `needs "text"`},
		{"blank claim text", ok + "  - text: \"  \"\n", 7, "must not be empty"},
		{"bad id", ok + "  - {id: abc, text: D}\n", 7, "positive whole number"},
		{"repeated id", ok + "  - {id: 4, text: D}\n  - {id: 4, text: E}\n", 8, "id 4 is used twice"},
		{"bad date", ok + "  - {text: D, review_by: next week}\n", 7, "review_by must be a date"},
		{"control character", "title: \"a\\x01b\"\n", 1, "control character"},
		{"alias", "title: &t T\nsummary: *t\n", 2, "aliases"},
		{"fact citing an unknown source", ok + "facts:\n  - {text: F, sources: [b]}\n", 8, `no source is named "b"`},
		{"fact without text", ok + "facts:\n  - {sources: [a]}\n", 8, `needs "text"`},
		{"two documents", "title: T\n---\ntitle: U\n", 2, "one story"},
		{"text that is a list", "title: [a, b]\n", 1, "must be text"},
		{"appearance without url or outlet", ok + "    appearances: [{claimant: Someone}]\n", 7, "needs a url or an outlet"},
		{"appearance with a bad date", ok + "    appearances: [{outlet: O, appeared_at: soon}]\n", 7, "appeared_at must be a date"},
		{"unknown key in an appearance", ok + "    appearances: [{outlet: O, where: here}]\n", 7, `unknown key "where"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse([]byte(tc.file))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Parse = %v, want success", err)
				}
				return
			}
			var fe *claims.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse = %+v, %v; want a FileError", f, err)
			}
			if claims.ErrorCode(err) != claims.EINVALID {
				t.Errorf("code %q, want invalid", claims.ErrorCode(err))
			}
			for _, p := range fe.Problems {
				if p.Line == tc.line && strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Errorf("problems = %v; want one at line %d containing %q", fe.Problems, tc.line, tc.want)
		})
	}
}

func TestParse_ReportsEveryProblemInLineOrder(t *testing.T) {
	_, err := Parse([]byte("title: T\nsumary: x\nclaims:\n  - text: C\n    stauts: confirmed\n  - {text: D, id: -1}\n"))
	var fe *claims.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("Parse = %v, want a FileError", err)
	}
	var lines []int
	for _, p := range fe.Problems {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 5, 6}) {
		t.Errorf("problems at lines %v (%v); want 2, 5, 6", lines, fe.Problems)
	}
}

func TestParse_RefusesAFileOverTheSizeLimit(t *testing.T) {
	big := "title: T\nsummary: " + strings.Repeat("x", MaxSize) + "\n"
	if _, err := Parse([]byte(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Parse = %v, want the size named", err)
	}
}

func TestFormat_ParseGivesTheSameStoryBack(t *testing.T) {
	f, err := Parse(readFile(t, "petition.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Format(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(Format) = %v\n%s", err, out)
	}
	if !sameStory(f, g) {
		t.Errorf("story changed through Format:\n%s", out)
	}
	again, err := Format(g)
	if err != nil || string(again) != string(out) {
		t.Errorf("Format is not stable: %v\n%s\n---\n%s", err, out, again)
	}
	if !strings.Contains(string(out), "format: "+Version) || !strings.HasPrefix(string(out), "# ") {
		t.Errorf("Format does not name the format:\n%s", out)
	}
}

// sameStory compares two parsed stories, ignoring where things were.
func sameStory(a, b *claims.StoryFile) bool {
	return reflect.DeepEqual(withoutLines(a), withoutLines(b))
}

func withoutLines(f *claims.StoryFile) claims.StoryFile {
	g := *f
	g.Lines = nil
	g.Sources = append([]claims.FileSource(nil), f.Sources...)
	for i := range g.Sources {
		g.Sources[i].Line = 0
	}
	g.Claims = append([]claims.FileClaim(nil), f.Claims...)
	for i := range g.Claims {
		c := &g.Claims[i]
		c.Line, c.Lines = 0, nil
		if c.ReviewBy != nil {
			// Compare instants, not how time.Time stores its location.
			c.ReviewBy = ptr(time.Unix(0, c.ReviewBy.UnixNano()).UTC())
		}
		c.Sources = append([]claims.FileLink(nil), c.Sources...)
		for j := range c.Sources {
			c.Sources[j].Line = 0
		}
		c.Evidence = append([]claims.FileEvidence(nil), c.Evidence...)
		for j := range c.Evidence {
			c.Evidence[j].Line = 0
		}
		c.Appearances = append([]claims.FileAppearance(nil), c.Appearances...)
		for j := range c.Appearances {
			a := &c.Appearances[j]
			a.Line = 0
			if a.AppearedAt != nil {
				a.AppearedAt = ptr(time.Unix(0, a.AppearedAt.UnixNano()).UTC())
			}
		}
		if c.Watches != nil {
			w := *c.Watches
			w.Line = 0
			w.Numbers = append([]claims.FileNumberWatch(nil), w.Numbers...)
			for j := range w.Numbers {
				w.Numbers[j].Line = 0
			}
			c.Watches = &w
		}
	}
	return g
}

func ptr[T any](v T) *T { return &v }

// The example in docs/import.md must be a file claimtrack reads.
func TestParse_TheDocumentedExampleParses(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "import.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/import.md has no yaml example")
	}
	f, err := Parse([]byte(example))
	if err != nil {
		t.Fatalf("the documented example does not parse: %v", err)
	}
	if len(f.Claims) != 1 || f.Claims[0].Watches == nil || len(f.Sources) != 2 {
		t.Errorf("the documented example parsed to %+v", f)
	}
}
