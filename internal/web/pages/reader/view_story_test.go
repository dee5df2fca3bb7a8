package reader

import (
	"reflect"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

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

func TestLinkCitations_LinksWholeOutletNamesToTheirSources(t *testing.T) {
	cites := citations([]claims.Source{{ID: 1, Outlet: "Digit"}, {ID: 2, Outlet: "Hindustan Times"}, {ID: 3, Outlet: "Digit"}, {ID: 4, Outlet: "Times"}})
	got := linkCitations("Digital copies (Hindustan Times, Digit, The Times).", cites)
	want := []textPart{{Text: "Digital copies ("}, {Text: "Hindustan Times", URL: "#source-2"}, {Text: ", "},
		{Text: "Digit", URL: "#source-1"}, {Text: ", The "}, {Text: "Times", URL: "#source-4"}, {Text: ")."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("linkCitations =\n%+v\nwant\n%+v", got, want)
	}
	if got := linkCitations("No outlet here.", cites); !reflect.DeepEqual(got, []textPart{{Text: "No outlet here."}}) {
		t.Errorf("plain text = %+v", got)
	}
}
