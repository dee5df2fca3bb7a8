package extract

import (
	"fmt"
	"strings"
	"testing"
)

const hintPageURL = "https://courier.example.com/news/2026/11/dam-memo"

func extractWithHint(t testing.TB, body []byte, hint string) Doc {
	t.Helper()
	d, err := PageWithHint(body, "text/html; charset=utf-8", hintPageURL, hint)
	if err != nil {
		t.Fatalf("PageWithHint: %v", err)
	}
	return d
}

func TestPageWithHint_SamePageReadsSameTextWithoutReadability(t *testing.T) {
	pages := map[string][]byte{
		"article.html":                     fixture(t, "article.html"),
		"article_edited.html":              fixture(t, "article_edited.html"),
		"botwall_article_about_walls.html": fixture(t, "botwall_article_about_walls.html"),
		"petition_1432.html":               fixture(t, "petition_1432.html"),
		"50 KB article":                    article50KB(t, 0),
	}
	for name, body := range pages {
		t.Run(name, func(t *testing.T) {
			first := extractWithHint(t, body, "")
			if first.FromHint || first.Hint == "" || first.Text == "" {
				t.Fatalf("first extraction: FromHint %v, hint %q, %d bytes of text; want readability's choice remembered",
					first.FromHint, first.Hint, len(first.Text))
			}
			again := extractWithHint(t, body, first.Hint)
			if !again.FromHint {
				t.Fatalf("the remembered elements were not used on the same page (hint %s)", first.Hint)
			}
			if again.Text != first.Text || again.Title != first.Title || again.Canonical != first.Canonical {
				t.Errorf("text read from the hint differs from readability's:\n%s\n---\n%s", again.Text, first.Text)
			}
			if again.Hint != first.Hint {
				t.Errorf("hint changed on the same page: %s, then %s", first.Hint, again.Hint)
			}
		})
	}
}

func TestPageWithHint_EditedTextIsReadFromTheRememberedElement(t *testing.T) {
	first := extractWithHint(t, fixture(t, "article.html"), "")
	edited := extractWithHint(t, fixture(t, "article_edited.html"), first.Hint)
	full := page(t, "article_edited.html")
	if !edited.FromHint {
		t.Fatal("an edit of the text, layout unchanged, did not use the hint")
	}
	if edited.Text != full.Text {
		t.Errorf("text through the hint differs from a full extraction of the edited page:\n%s\n---\n%s", edited.Text, full.Text)
	}
	if edited.Hash() == first.Hash() {
		t.Error("the edit is not seen through the hint")
	}
	// The boilerplate fixture moves chrome around the article, not the
	// article itself.
	boiler := extractWithHint(t, fixture(t, "article_boilerplate.html"), first.Hint)
	if !boiler.FromHint || boiler.Hash() != first.Hash() {
		t.Errorf("boilerplate-only change: FromHint %v, same hash %v; want true, true", boiler.FromHint, boiler.Hash() == first.Hash())
	}
}

func TestPageWithHint_FallsBackToReadabilityWhenTheLayoutChanged(t *testing.T) {
	base := string(fixture(t, "article.html"))
	first := extractWithHint(t, []byte(base), "")
	// Readability chose <main id="main"> for this fixture (the article is
	// its only child once the comments are stripped).
	if !strings.Contains(first.Hint, `{"t":"main","id":"main"}`) {
		t.Fatalf("hint %s does not name <main id=main>; the cases below assume it does", first.Hint)
	}
	tests := []struct {
		name string
		edit func(string) string
	}{
		{"remembered element renamed", func(s string) string {
			return strings.Replace(s, `<main id="main">`, `<main id="page">`, 1)
		}},
		{"article moved out of the remembered element", func(s string) string {
			s = strings.Replace(s, `<main id="main">`, `<main id="main"><p>Loading the story.</p></main><div class="container">`, 1)
			return strings.Replace(s, `</main>`+"\n  <div class=\"newsletter", `</div>`+"\n  <div class=\"newsletter", 1)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changed := tt.edit(base)
			if changed == base {
				t.Fatal("the edit changed nothing")
			}
			d := extractWithHint(t, []byte(changed), first.Hint)
			full := extractWithHint(t, []byte(changed), "")
			if d.FromHint {
				t.Fatalf("hint used on a changed layout; text:\n%s", d.Text)
			}
			if d.Text != full.Text || d.Hint != full.Hint {
				t.Errorf("fallback differs from a full extraction:\n%s\n---\n%s", d.Text, full.Text)
			}
			if !strings.Contains(d.Text, "was fabricated, the Ministry of Infrastructure said on Tuesday.") {
				t.Errorf("article text lost after the layout change:\n%s", d.Text)
			}
		})
	}
}

func TestPageWithHint_InsertedNeighbourDoesNotShiftThePath(t *testing.T) {
	base := string(fixture(t, "article.html"))
	first := extractWithHint(t, []byte(base), "")
	// A new block before the story body inside the article: positions
	// move, the story body's id and class do not.
	changed := strings.Replace(base, `<div class="story-body">`,
		`<div class="standfirst"><p>A short summary that is not the article.</p></div><div class="story-body">`, 1)
	d := extractWithHint(t, []byte(changed), first.Hint)
	if !d.FromHint {
		t.Fatal("hint not used after a neighbour was inserted")
	}
	if strings.Contains(d.Text, "A short summary") != strings.Contains(extractWithHint(t, []byte(changed), "").Text, "A short summary") {
		t.Errorf("hint and readability disagree on the inserted block:\n%s", d.Text)
	}
	if !strings.Contains(d.Text, "Correction: an earlier version of this article misstated the year of the last inspection.") {
		t.Errorf("text through the hint lost the article:\n%s", d.Text)
	}
}

func TestPageWithHint_UnusableHintsAreIgnored(t *testing.T) {
	body := fixture(t, "article.html")
	full := extractWithHint(t, body, "")
	v := fmt.Sprintf(`"v":%d`, Version)
	other := strings.Replace(full.Hint, v, fmt.Sprintf(`"v":%d`, Version-1), 1)
	if other == full.Hint {
		t.Fatalf("hint %s does not carry version %d", full.Hint, Version)
	}
	for _, h := range []string{"garbage", "{}", `{` + v + `,"paths":[],"len":10}`, other,
		`{` + v + `,"paths":[[{"t":"table"}]],"len":10}`} {
		d := extractWithHint(t, body, h)
		if d.FromHint || d.Text != full.Text || d.Hint != full.Hint {
			t.Errorf("hint %q: FromHint %v, same text %v, same new hint %v; want false, true, true",
				h, d.FromHint, d.Text == full.Text, d.Hint == full.Hint)
		}
	}
}

func TestPageWithHint_PagesWithoutAnArticleRememberNothing(t *testing.T) {
	for _, tt := range []struct{ name, ct, body string }{
		{"plain text", "text/plain", "Just text."},
		{"no body text", "text/html", "<html><body></body></html>"},
	} {
		d, _ := PageWithHint([]byte(tt.body), tt.ct, hintPageURL, "")
		if d.Hint != "" || d.FromHint {
			t.Errorf("%s: hint %q, FromHint %v; want none", tt.name, d.Hint, d.FromHint)
		}
	}
}

func TestRemember_ScatteredChoicesAreNotStored(t *testing.T) {
	one := [][]step{{{Tag: "main"}}}
	if h := remember(one, []int{1}, "text"); h == "" {
		t.Fatal("a one-element choice was not remembered")
	}
	many := make([][]step, maxHintPaths+1)
	for i := range many {
		many[i] = []step{{Tag: "p", N: i}}
	}
	if h := remember(many, make([]int, len(many)), "text"); h != "" {
		t.Errorf("%d paths remembered as %d bytes; want nothing", len(many), len(h))
	}
	long := [][]step{{{Tag: "div", Class: strings.Repeat("x", maxHintBytes)}}}
	if h := remember(long, []int{1}, "text"); h != "" {
		t.Errorf("a %d-byte hint was remembered; want nothing", len(h))
	}
}

func BenchmarkPageWithHint50KB(b *testing.B) {
	body := article50KB(b, 0)
	first, _ := Page(body, "text/html; charset=utf-8", hintPageURL)
	edited := article50KB(b, 1)
	b.SetBytes(int64(len(edited)))
	b.ReportAllocs()
	for b.Loop() {
		d, _ := PageWithHint(edited, "text/html; charset=utf-8", hintPageURL, first.Hint)
		if !d.FromHint {
			b.Fatal("hint not used")
		}
		_ = d.Hash()
	}
}

// A paragraph added beside the remembered elements (a correction, say) is
// outside all of them: the hint must give way to readability, which sees it,
// rather than read on as if nothing had changed. (Found in review.)
func TestPageWithHint_AParagraphAddedBesideTheRememberedElementsIsNotMissed(t *testing.T) {
	para := func(s string, n int) string {
		return strings.Repeat(s+" is a sentence, long enough, with commas, about the story. ", n)
	}
	section := func(cls, txt string) string {
		return `<div class="` + cls + `"><p>` + para(txt, 6) + `</p><p>` + para(txt+"b", 5) + `</p></div>`
	}
	page := func(extra string) []byte {
		return []byte(`<html><head><title>T</title></head><body><nav><a href="/">Home</a></nav><div id="wrap">` +
			`<aside><a href="/x">Related story one</a> <a href="/y">Related two</a></aside>` +
			section("story", "Alpha") + `<p>` + para("Tail", 3) + `</p>` + extra +
			`<div class="share"><a href="/s">Share</a></div></div><footer>Footer links</footer></body></html>`)
	}
	first, _ := PageWithHint(page(""), "text/html", hintPageURL, "")
	if first.Hint == "" {
		t.Fatal("the first check remembered no layout; the test would prove nothing")
	}
	again, _ := PageWithHint(page(""), "text/html", hintPageURL, first.Hint)
	if !again.FromHint || again.Text != first.Text {
		t.Fatalf("the unchanged page was not read from the hint (FromHint %v) or read differently", again.FromHint)
	}
	added := `<p>` + para("Correction: the minister never said this", 3) + `</p>`
	full, _ := PageWithHint(page(added), "text/html", hintPageURL, "")
	hinted, _ := PageWithHint(page(added), "text/html", hintPageURL, first.Hint)
	if !strings.Contains(full.Text, "Correction") {
		t.Fatal("readability itself does not see the correction; the test would prove nothing")
	}
	if !strings.Contains(hinted.Text, "Correction") || hinted.Text != full.Text {
		t.Errorf("with the remembered layout the correction is %v in the text (FromHint %v); want the same text as readability gives",
			strings.Contains(hinted.Text, "Correction"), hinted.FromHint)
	}
}
