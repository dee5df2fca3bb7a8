package extract

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestPage_ArticleKeepsMainTextAndDropsBoilerplate(t *testing.T) {
	d := page(t, "article.html")
	if d.Kind != KindHTML {
		t.Fatalf("Kind = %q, want html", d.Kind)
	}
	wantIn := []string{
		"was fabricated, the Ministry of Infrastructure said on Tuesday.",
		`"This document did not come from us," said Dr. Helen Okafor`,
		"found it 10.5% below its maximum safe load.",
		"Correction: an earlier version of this article misstated the year of the last inspection.",
	}
	for _, s := range wantIn {
		if !strings.Contains(d.Text, s) {
			t.Errorf("text lacks %q", s)
		}
	}
	boiler := []string{
		"cookies", "Accept all", "Skip to content", "Politics", "Advertisement", "Fjord SUV",
		"energy supplier", "Share on X", "Related stories", "Comments (12)", "Follow the money",
		"morning briefing", "All rights reserved", "dataLayer", "trackPageview", "font-family",
	}
	for _, s := range boiler {
		if strings.Contains(d.Text, s) {
			t.Errorf("text keeps boilerplate %q:\n%s", s, d.Text)
		}
	}
	if got := strings.Count(d.Text, "\n") + 1; got != 6 {
		t.Errorf("text has %d lines, want the article's 6 paragraphs:\n%s", got, d.Text)
	}
	if want := "Leaked memo on river dam was fabricated, ministry says | The Riverside Courier"; d.Title != want {
		t.Errorf("Title = %q, want %q", d.Title, want)
	}
}

func TestPage_BoilerplateOnlyChangeKeepsHash(t *testing.T) {
	a, b := page(t, "article.html"), page(t, "article_boilerplate.html")
	if bytes.Equal(fixture(t, "article.html"), fixture(t, "article_boilerplate.html")) {
		t.Fatal("fixtures are identical; the test would prove nothing")
	}
	if a.Hash() != b.Hash() {
		t.Errorf("hash changed on a boilerplate-only change:\n%s\n---\n%s", a.Text, b.Text)
	}
	if e := page(t, "article_edited.html"); e.Hash() == a.Hash() {
		t.Error("hash did not change when a sentence of the article was edited")
	}
}

func TestDocHash_IsSHA256HexOfText(t *testing.T) {
	d := Doc{Text: "abc"}
	if got, want := d.Hash(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
}

func TestPage_KindsAndText(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	tests := []struct {
		name, contentType string
		body              []byte
		wantKind          Kind
		wantText          string
	}{
		{"plain text is normalised", "text/plain; charset=utf-8", []byte("  First   line \r\n\r\n\tSecond\u00a0line  \n"), KindText, "First line\nSecond line"},
		{"PDF by content type has no text", "application/pdf", pdf, KindPDF, ""},
		{"PDF without content type is sniffed", "", pdf, KindPDF, ""},
		{"image has no text", "image/png", png, KindImage, ""},
		{"unknown binary type is other", "application/zip", []byte("PK\x03\x04"), KindOther, ""},
		{"HTML without content type is sniffed", "", []byte("<!DOCTYPE html><html><body><p>Hello there.</p></body></html>"), KindHTML, "Hello there."},
		{"malformed content type still reads as HTML", "text/html; charset", []byte("<p>Hi.</p>"), KindHTML, "Hi."},
		{"XHTML is HTML", "application/xhtml+xml", []byte("<html><body><p>X.</p></body></html>"), KindHTML, "X."},
		{"Latin-1 declared in the header is decoded", "text/plain; charset=iso-8859-1", []byte("Caf\xe9 cr\xe8me"), KindText, "Café crème"},
		{"empty body", "text/html", nil, KindHTML, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Page(tt.body, tt.contentType, "https://example.org/")
			if err != nil {
				t.Fatalf("Page: %v", err)
			}
			if d.Kind != tt.wantKind || d.Text != tt.wantText {
				t.Errorf("Page = (%q, %q), want (%q, %q)", d.Kind, d.Text, tt.wantKind, tt.wantText)
			}
		})
	}
}

func TestPage_InvalidUTF8IsRepaired(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"html", "text/html", []byte("<p>Bad \xff\xfe bytes and caf\xc3 here.</p>"), "Bad \uFFFD bytes and caf\uFFFD here."},
		{"text", "text/plain", []byte("half \xe2\x82 euro"), "half \uFFFD euro"},
		{"title", "text/html", []byte("<title>T\xff</title><p>x</p>"), "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Page(tt.body, tt.contentType, "")
			if err != nil {
				t.Fatalf("Page returned an error for invalid UTF-8: %v", err)
			}
			if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
				t.Fatalf("output is not valid UTF-8: %q %q", d.Title, d.Text)
			}
			if d.Text != tt.want {
				t.Errorf("Text = %q, want %q", d.Text, tt.want)
			}
		})
	}
}

func TestPage_CanonicalResolvedAgainstPageURL(t *testing.T) {
	tests := []struct {
		name, head, pageURL, want string
	}{
		{"relative path", `<link rel="canonical" href="/a/b">`, "https://news.example.com/x/y?utm=1", "https://news.example.com/a/b"},
		{"relative to directory", `<link rel=canonical href="c.html">`, "https://news.example.com/x/y", "https://news.example.com/x/c.html"},
		{"absolute kept", `<link rel="canonical" href="https://other.example.net/p">`, "https://news.example.com/", "https://other.example.net/p"},
		{"scheme-relative", `<link rel="canonical" href="//m.example.com/p">`, "http://news.example.com/", "http://m.example.com/p"},
		{"fragment dropped", `<link rel="canonical" href="/p#top">`, "https://news.example.com/", "https://news.example.com/p"},
		{"rel with several tokens and case", `<link rel="Canonical alternate" href="/p">`, "https://n.example.com/", "https://n.example.com/p"},
		{"first of two wins", `<link rel="canonical" href="/one"><link rel="canonical" href="/two">`, "https://n.example.com/", "https://n.example.com/one"},
		{"javascript URL refused", `<link rel="canonical" href="javascript:alert(1)">`, "https://n.example.com/", ""},
		{"no canonical", `<link rel="stylesheet" href="/s.css">`, "https://n.example.com/", ""},
		{"relative without page URL", `<link rel="canonical" href="/p">`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "<html><head>" + tt.head + "<title>t</title></head><body><p>Text.</p></body></html>"
			d, _ := Page([]byte(body), "text/html", tt.pageURL)
			if d.Canonical != tt.want {
				t.Errorf("Canonical = %q, want %q", d.Canonical, tt.want)
			}
		})
	}
}

func TestPage_TitleFallsBackToHeading(t *testing.T) {
	d, _ := Page([]byte("<html><body><h1>  Big\n news </h1><p>Body.</p></body></html>"), "text/html", "")
	if d.Title != "Big news" {
		t.Errorf("Title = %q, want %q", d.Title, "Big news")
	}
}

// hostile builds HTML shapes that are cheap to send and expensive to
// handle naively, each about size bytes.
func hostile(kind string, size int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body>")
	unit := map[string]string{
		"nested divs":            "<div>",
		"nested formatting":      "<b><i><a href=x>",
		"nested tables":          "<table><tr><td>",
		"unclosed paragraphs":    "<p>word ",
		"nested lists with text": "<ul><li>item ",
		"misnested formatting":   "<b><p></b><i><p></i>",
	}[kind]
	for b.Len() < size {
		b.WriteString(unit)
	}
	b.WriteString("<p>The end.</p></body></html>")
	return b.Bytes()
}

func TestPage_HostileHTMLFinishes(t *testing.T) {
	// The brief's case is 5 MB of nesting; the other shapes cost the parser
	// more per byte, and 2 MB of each already shows the work is bounded.
	// Those are cut at MaxElements; at 100 KB each shape stays under it, and
	// the text after the hostile part must survive the depth bound.
	sizes := map[string]int{
		"nested divs": 5 << 20, "nested formatting": 5 << 20, "nested tables": 2 << 20,
		"unclosed paragraphs": 2 << 20, "nested lists with text": 2 << 20, "misnested formatting": 2 << 20,
	}
	for _, kind := range []string{"nested divs", "nested formatting", "nested tables", "unclosed paragraphs", "nested lists with text", "misnested formatting"} {
		for _, size := range []int{100 << 10, sizes[kind]} {
			t.Run(fmt.Sprintf("%s/%d KiB", kind, size>>10), func(t *testing.T) {
				body := hostile(kind, size)
				// The deadline only bounds a hang; the benchmark measures speed.
				ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
				defer cancel()
				done := make(chan Doc, 1)
				go func() {
					d, _ := Page(body, "text/html", "https://example.org/")
					done <- d
				}()
				select {
				case d := <-done:
					if !utf8.ValidString(d.Text) {
						t.Error("text is not valid UTF-8")
					}
					cut := size > 100<<10
					if d.Truncated != cut {
						t.Errorf("Truncated = %v, want %v", d.Truncated, cut)
					}
					if !cut && !strings.HasSuffix(d.Text, "The end.") {
						t.Errorf("text after the hostile part is lost; text ends %q", d.Text[max(0, len(d.Text)-40):])
					}
				case <-ctx.Done():
					t.Fatalf("Page did not return on %d bytes of %s", len(body), kind)
				}
			})
		}
	}
}

func TestPage_ReadsHTMLUpToMaxElements(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><head><title>Many elements</title></head><body><article>")
	for i := range MaxElements + 100 {
		fmt.Fprintf(&b, "<p>Line %d.</p>", i)
	}
	b.WriteString("</article></body></html>")
	d, _ := Page([]byte(b.String()), "text/html", "")
	if !d.Truncated || d.Title != "Many elements" {
		t.Fatalf("Truncated = %v, title %q; want a cut page with its title", d.Truncated, d.Title)
	}
	if !strings.Contains(d.Text, "Line 100.") || strings.Contains(d.Text, fmt.Sprintf("Line %d.", MaxElements)) {
		t.Errorf("text holds %d lines; want the first ones and none past element %d", strings.Count(d.Text, "\n")+1, MaxElements)
	}
}

func TestPage_ReadsHTMLUpToMaxHTML(t *testing.T) {
	body := "<html><body><article><p>" + strings.Repeat("word ", MaxHTML/5) + "</p><p>Past the cap.</p></article></body></html>"
	d, _ := Page([]byte(body), "text/html", "")
	if !d.Truncated || strings.Contains(d.Text, "Past the cap") || !strings.HasPrefix(d.Text, "word word") {
		t.Errorf("Truncated = %v, text of %d bytes; want the page cut at %d bytes", d.Truncated, len(d.Text), MaxHTML)
	}
}

func TestPage_TruncatesPastMaxInput(t *testing.T) {
	body := bytes.Repeat([]byte("a"), MaxInput+10)
	d, _ := Page(body, "text/plain", "")
	if !d.Truncated || len(d.Text) != MaxInput {
		t.Errorf("Truncated = %v, len = %d; want true, %d", d.Truncated, len(d.Text), MaxInput)
	}
}

func TestBoundDepth_KeepsTextDropsExcessTags(t *testing.T) {
	src := strings.Repeat("<div>", MaxDepth+50) + "deep text" + strings.Repeat("</div>", MaxDepth+50) + "<p>after</p>"
	out, _ := boundDepth(src, false)
	if n := strings.Count(out, "<div>"); n != MaxDepth {
		t.Errorf("kept %d <div>, want %d", n, MaxDepth)
	}
	if n := strings.Count(out, "</div>"); n != MaxDepth {
		t.Errorf("kept %d </div>, want %d", n, MaxDepth)
	}
	d, _ := Page([]byte(src), "text/html", "")
	if d.Text != "deep text\nafter" {
		t.Errorf("Text = %q", d.Text)
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a  b  ", "a b"},
		{"a\n\n\nb", "a\nb"},
		{"a\r\nb\u2028c", "a\nb\nc"},
		{"zero\u200bwidth\u00a0space", "zerowidth space"},
		{"ctrl\x01char", "ctrlchar"},
		{"\t\n \n", ""},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPage(f *testing.F) {
	f.Add([]byte("<html><head><title>t</title><link rel=canonical href=/c></head><body><p>Hello. World!</p></body></html>"), "text/html")
	f.Add([]byte("<div><div><b><i>x</b></i></div>"), "")
	f.Add([]byte("\xff\xfe<p>bad</p>"), "text/html; charset=utf-8")
	f.Add([]byte("%PDF-1.4"), "application/pdf")
	f.Add([]byte("plain\r\ntext"), "text/plain; charset=latin1")
	f.Add([]byte("<table><tr><td><svg><math><template><p>"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		d, err := Page(body, ct, "https://example.org/a/b")
		if err != nil {
			t.Fatalf("Page: %v", err)
		}
		if !utf8.ValidString(d.Text) || !utf8.ValidString(d.Title) {
			t.Fatal("invalid UTF-8 in output")
		}
		if d.Text != NormalizeText(d.Text) {
			t.Fatalf("text is not normalised: %q", d.Text)
		}
		if d.Kind != KindHTML && d.Kind != KindText && d.Text != "" {
			t.Fatalf("kind %s has text", d.Kind)
		}
		// Reading the same page through its hint gives the same text.
		if again, _ := PageWithHint(body, ct, "https://example.org/a/b", d.Hint); again.Text != d.Text {
			t.Fatalf("text through hint %s differs:\n%q\n%q", d.Hint, again.Text, d.Text)
		}
	})
}

// article50KB builds a realistic article page of about 50 KB: the fixture's
// chrome around many distinct paragraphs.
func article50KB(tb testing.TB, variant int) []byte {
	tb.Helper()
	base := string(fixture(tb, "article.html"))
	var paras strings.Builder
	for i := 0; paras.Len() < 46_000; i++ {
		paras.WriteString("<p>Paragraph " + itoa(i) + " of the report: officials in district " + itoa(i*7+variant) +
			" said the inspection on 12 Sept. found 1,204 minor faults, 10.5% fewer than last year. " +
			`"We are confident in the structure," said Mr. Okafor. Residents were not convinced.</p>` + "\n")
	}
	return []byte(strings.Replace(base, `<div class="story-body">`, `<div class="story-body">`+paras.String(), 1))
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func BenchmarkPage50KB(b *testing.B) {
	body := article50KB(b, 0)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d, _ := Page(body, "text/html; charset=utf-8", "https://courier.example.com/news/x")
		_ = d.Hash()
	}
}

func BenchmarkPageHostile5MB(b *testing.B) {
	body := hostile("nested divs", 5<<20)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		_, _ = Page(body, "text/html", "")
	}
}

func TestTokenText_LastResortKeepsVisibleText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>One</p><p>Two <b>bold</b></p>", "One\nTwo bold"},
		{"<script>var x = '<p>no</p>';</script><div>yes</div>", "yes"},
		{"<style>p{}</style>a<br>b", "a\nb"},
	}
	for _, tt := range tests {
		if got := NormalizeText(tokenText(tt.in)); got != tt.want {
			t.Errorf("tokenText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
