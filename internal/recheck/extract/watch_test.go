package extract

import (
	"strings"
	"testing"
)

func TestFindPhrase(t *testing.T) {
	text := "Officials said the memo was fabricated.\nMeta confirmed the account was removed. The \u201cauthenticated\u201d copy\u00a0circulated widely."
	tests := []struct {
		name, phrase, wantSentence string
		wantOK                     bool
	}{
		{"exact word", "fabricated", "Officials said the memo was fabricated.", true},
		{"case-insensitive phrase", "meta CONFIRMED", "Meta confirmed the account was removed.", true},
		{"inside typographic quotes", "authenticated", "The \u201cauthenticated\u201d copy\u00a0circulated widely.", true},
		{"white space differs", "copy   circulated", "The \u201cauthenticated\u201d copy\u00a0circulated widely.", true},
		{"not part of a longer word", "fabricate", "", false},
		{"not the end of a longer word", "firmed", "", false},
		{"absent", "retracted", "", false},
		{"blank phrase never found", "  ", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := FindPhrase(text, tt.phrase)
			if ok != tt.wantOK || s != tt.wantSentence {
				t.Errorf("FindPhrase(%q) = (%q, %v), want (%q, %v)", tt.phrase, s, ok, tt.wantSentence, tt.wantOK)
			}
		})
	}
}

func TestFindPhrase_AppearsAndDisappearsAcrossVersions(t *testing.T) {
	original, edited := page(t, "article.html").Text, page(t, "article_edited.html").Text
	tests := []struct {
		name, phrase string
		inOld, inNew bool
		quoted       string
	}{
		{"phrase that newly appears quotes its sentence", "evacuation order had been prepared", false, true,
			"Local officials said an evacuation order had been prepared but not issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load."},
		{"phrase that disappears was quoted before", "no evacuation order", true, false,
			"Local officials said no evacuation order had been issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load."},
		{"phrase in both", "fabricated", true, true,
			"The memo that circulated on social media last week, which appeared to show engineers warning of cracks in the Alder River dam, was fabricated, the Ministry of Infrastructure said on Tuesday."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sOld, okOld := FindPhrase(original, tt.phrase)
			sNew, okNew := FindPhrase(edited, tt.phrase)
			if okOld != tt.inOld || okNew != tt.inNew {
				t.Fatalf("found in old %v new %v, want %v %v", okOld, okNew, tt.inOld, tt.inNew)
			}
			quoted := sNew
			if !okNew {
				quoted = sOld
			}
			if quoted != tt.quoted {
				t.Errorf("quoted sentence = %q, want %q", quoted, tt.quoted)
			}
		})
	}
}

func TestFindQuote(t *testing.T) {
	text := page(t, "article.html").Text
	edited := page(t, "article_edited.html").Text
	tests := []struct {
		name, text, quote string
		wantFound         bool
		wantClosest       string
	}{
		{"verbatim", text, "This document did not come from us", true, ""},
		{"typographic quotes and case differ", text, "\u201cthis document did not come from us,\u201d said dr. helen okafor", true, ""},
		{"dash and spacing differ", text, "Fact\u2013checkers at two   outlets", true, ""},
		{"ellipsis for omitted words", text, "The memo claimed that … residents downstream would need to be evacuated", true, ""},
		{"ellipsis parts out of order are not found", text, "residents downstream ... The memo claimed", false, ""},
		{"edited sentence gives its new form", edited,
			"Local officials said no evacuation order had been issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load.",
			false, "Local officials said an evacuation order had been prepared but not issued, and that the dam's latest inspection, in September, found it 10.5% below its maximum safe load."},
		{"two-sentence quote with one edited", strings.Replace(text, "He has since deleted his post.", "He has since deleted his account.", 1),
			"Mr. Daniel Weiss, who first shared the memo, said he had received it from a source he trusted. He has since deleted his post.",
			false, "Mr. Daniel Weiss, who first shared the memo, said he had received it from a source he trusted. He has since deleted his account."},
		{"removed sentence has no close variant", strings.Replace(text, `"This document did not come from us," said Dr. Helen Okafor, the ministry's chief engineer.`, "", 1),
			`"This document did not come from us," said Dr. Helen Okafor, the ministry's chief engineer.`, false, ""},
		{"blank quote counts as found", text, "  ", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, closest := FindQuote(tt.text, tt.quote)
			if found != tt.wantFound || closest != tt.wantClosest {
				t.Errorf("FindQuote = (%v, %q), want (%v, %q)", found, closest, tt.wantFound, tt.wantClosest)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	w := func(s string) []string { return words(foldText(s)) }
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"a b c d", "a b c d", 1, 1},
		{"officials confirmed the figure on Tuesday", "officials disputed the figure on Tuesday", QuoteSimilarity, 0.9},
		{"the minister resigned", "weather was fine all week", 0, 0.01},
		{"", "", 1, 1},
	}
	for _, tt := range tests {
		if got := similarity(w(tt.a), w(tt.b)); got < tt.min || got > tt.max {
			t.Errorf("similarity(%q, %q) = %.2f, want in [%.2f, %.2f]", tt.a, tt.b, got, tt.min, tt.max)
		}
	}
}
