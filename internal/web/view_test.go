package web

import (
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func TestCheckedLine_UsesTheOldestCheckOfFetchableSources(t *testing.T) {
	now := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	at := func(ago time.Duration) *time.Time { v := now.Add(-ago); return &v }
	cases := []struct {
		name    string
		sources []claims.Source
		want    string
	}{
		{"no sources", nil, ""},
		{"never checked", []claims.Source{{URL: "https://a.example/"}}, ""},
		{"oldest check wins", []claims.Source{
			{URL: "https://a.example/", LastCheckedAt: at(2 * time.Minute)},
			{URL: "https://b.example/", LastCheckedAt: at(12 * time.Minute)},
			{URL: "", LastCheckedAt: at(48 * time.Hour)}, // print sources are never fetched
			{URL: "https://c.example/", ChecksPaused: true, LastCheckedAt: at(30 * 24 * time.Hour)},
		}, "sources last checked 12 minutes ago"},
		{"only paused and print sources", []claims.Source{
			{URL: "https://a.example/", ChecksPaused: true}, {URL: ""},
		}, ""},
	}
	for _, tc := range cases {
		if got := checkedLine(now, tc.sources); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSafeLink_KeepsOnlyWebAddresses(t *testing.T) {
	cases := map[string]string{
		"https://a.example/x":     "https://a.example/x",
		"http://a.example/":       "http://a.example/",
		"javascript:alert(1)":     "",
		"data:text/html,<b>x</b>": "",
		"//a.example/x":           "",
		"":                        "",
	}
	for in, want := range cases {
		if got := safeLink(in); got != want {
			t.Errorf("safeLink(%q) = %q, want %q", in, got, want)
		}
	}
}

// A colour that could end the rule never gets this far: the vocabulary
// refuses it (TestNewVocabulary_RefusesColoursThatCouldEndACSSRule...).
func TestTally(t *testing.T) {
	cases := []struct {
		back, against, context int
		want                   string
	}{
		{0, 0, 0, "No sources linked yet"},
		{1, 0, 0, "1 source: 1 supports"},
		{0, 0, 3, "3 sources: 3 context"},
		{2, 0, 1, "3 sources: 2 support, 1 context"},
		{3, 1, 1, "5 sources: 3 support, 1 disputes, 1 context"},
	}
	for _, tc := range cases {
		if got := tally(tc.back, tc.against, tc.context); got != tc.want {
			t.Errorf("tally(%d, %d, %d) = %q, want %q", tc.back, tc.against, tc.context, got, tc.want)
		}
	}
}

func TestClaimCard_SaysWhenItsSourcesWereLastChecked(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	checked := now.Add(-12 * time.Minute)
	v := storyView{vocab: claims.DefaultVocabulary(), now: now}
	cases := []struct {
		name string
		at   *time.Time
		want string
	}{
		{"checked", &checked, "sources checked 12 minutes ago"},
		{"not every source checked yet", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			card := newClaimCard(v, claims.ClaimSummary{
				Claim:            claims.Claim{ID: 1, Text: "t", Status: "disputed"},
				Supporting:       2,
				SourcesCheckedAt: tc.at,
			})
			if card.Checked != tc.want {
				t.Fatalf("Checked = %q, want %q", card.Checked, tc.want)
			}
		})
	}
}
