package web

import (
	"reflect"
	"testing"
	"time"

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

func TestSayState_PutsEachSourceStateInAReadersWords(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	checked := now.Add(-2 * time.Hour)
	notes := claims.SourceNotes{
		CopyAt:  map[int64]time.Time{2: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), 5: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)},
		MovedTo: map[int64]string{3: "https://news.example.org/2026/new-home", 4: ""},
	}
	cases := []struct {
		src  claims.Source
		says string
		link string
	}{
		{claims.Source{ID: 1, URL: "https://a.example/", State: claims.SourceLive, LastCheckedAt: &checked}, "online, checked 2 hours ago", ""},
		{claims.Source{ID: 2, URL: "https://a.example/", State: claims.SourceChanged, LastCheckedAt: &checked}, "changed on Dec 3:", "/sources/2/changes see what changed"},
		{claims.Source{ID: 3, URL: "https://a.example/", State: claims.SourceMoved, LastCheckedAt: &checked}, "moved to", "https://news.example.org/2026/new-home news.example.org/2026/new-home"},
		{claims.Source{ID: 4, URL: "https://a.example/", State: claims.SourceMoved, LastCheckedAt: &checked}, "moved: the address now leads to the site's home page, checked 2 hours ago", ""},
		{claims.Source{ID: 5, URL: "https://a.example/", State: claims.SourceGone, LastCheckedAt: &checked}, "no longer online:", "/sources/5/copy our copy from Nov 20"},
		{claims.Source{ID: 6, URL: "https://a.example/", State: claims.SourceGone, LastCheckedAt: &checked}, "no longer online; we hold no copy of it", ""},
		{claims.Source{ID: 7, URL: "https://a.example/", State: claims.SourceUnreachable, LastCheckedAt: &checked}, "could not be reached when checked 2 hours ago", ""},
		{claims.Source{ID: 8, URL: "https://a.example/", State: claims.SourceUnchecked}, "", ""},
		{claims.Source{ID: 9, URL: "https://a.example/", State: claims.SourceRefused, LastCheckedAt: &checked}, "", ""},
		{claims.Source{ID: 10, URL: "https://a.example/", State: claims.SourceLive, ChecksPaused: true, LastCheckedAt: &checked}, "", ""},
		{claims.Source{ID: 11, State: claims.SourceUnchecked}, "", ""},
	}
	for _, tc := range cases {
		it := newSourceItem(now, tc.src)
		sayState(&it, now, tc.src, notes)
		link := ""
		if it.Link != nil {
			link = it.Link.URL + " " + it.Link.Text
		}
		if it.Says != tc.says || link != tc.link {
			t.Errorf("source %d (%s): says %q, link %q; want %q, %q", tc.src.ID, tc.src.State, it.Says, link, tc.says, tc.link)
		}
		if (it.Says == "") != (it.Mark == "") {
			t.Errorf("source %d: mark %q beside %q", tc.src.ID, it.Mark, it.Says)
		}
	}
}
