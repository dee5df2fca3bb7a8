package reader

import (
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// Which check is the oldest of the fetchable sources is the store's to
// work out (TestStoryDetail_ReadsTheSourcesThePageShowsAndCountsTheRest).
func TestCheckedLine_SaysTheOldestCheckOrNothing(t *testing.T) {
	now := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	if got := CheckedLine(now, nil); got != "" {
		t.Errorf("no check: %q, want nothing", got)
	}
	at := now.Add(-12 * time.Minute)
	if got := CheckedLine(now, &at); got != "sources last checked 12 minutes ago" {
		t.Errorf("%q, want the oldest check", got)
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
		if got := SafeLink(in); got != want {
			t.Errorf("SafeLink(%q) = %q, want %q", in, got, want)
		}
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
		it := NewSourceItem(now, tc.src)
		SayState(&it, now, tc.src, notes)
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
