package web

import (
	"reflect"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
)

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
