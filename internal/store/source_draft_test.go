package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestDraftSource_NewArticleIsNormalisedAndGuessed(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, _ := serviceWithClaim(t, db)
		pub := time.Date(2025, 11, 18, 6, 30, 0, 0, time.UTC)
		v, err := svc.DraftSource(ctxT(t), claims.SourceDraft{
			Pasted: " https://APNEWS.com/article/fire?utm_source=nl ", URL: "https://apnews.com/article/fire?utm_source=nl#top",
			Canonical: "https://apnews.com/article/fire-warehouse-7", Title: "  Fire began in warehouse 7 ",
			Author: "Mira Okafor", Published: pub,
		})
		if err != nil {
			t.Fatal(err)
		}
		d := v.Draft
		if d.URL != "https://apnews.com/article/fire" || d.Pasted != "https://apnews.com/article/fire" ||
			d.Canonical != "https://apnews.com/article/fire-warehouse-7" || v.LinkURL != d.Canonical || v.ForeignCanonical {
			t.Errorf("addresses: url %q pasted %q canonical %q link %q foreign %v", d.URL, d.Pasted, d.Canonical, v.LinkURL, v.ForeignCanonical)
		}
		if d.Title != "Fire began in warehouse 7" || d.Outlet != "apnews.com" || d.OutletKind != claims.OutletWire || !d.Published.Equal(pub) {
			t.Errorf("draft = %+v; want trimmed title, the host as outlet, wire", d)
		}
		if v.Existing != nil || len(v.Claims) != 0 {
			t.Errorf("an untracked article came back tracked: %+v", v.Existing)
		}
	})
}

func TestDraftSource_FindsTrackedSourceByURLOrCanonical(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		linked, err := svc.LinkSource(ctxT(t), editor, c.ID, claims.NewSourceLink{URL: "https://news.example.com/2025/audio",
			Outlet: "News Example", OutletKind: "independent", Title: "Audio", Stance: "supports"})
		if err != nil {
			t.Fatal(err)
		}
		want := linked.Source.ID
		cases := []struct {
			name  string
			draft claims.SourceDraft
		}{
			{"same address, other tracking", claims.SourceDraft{Pasted: "https://news.example.com/2025/audio?utm_campaign=x"}},
			{"redirected to it", claims.SourceDraft{Pasted: "https://short.example/a1", URL: "https://news.example.com/2025/audio"}},
			{"names it canonical", claims.SourceDraft{Pasted: "https://news.example.com/amp/audio", Canonical: "https://news.example.com/2025/audio"}},
		}
		for _, tc := range cases {
			v, err := svc.DraftSource(ctxT(t), tc.draft)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if v.Existing == nil || v.Existing.ID != want || v.LinkURL != "https://news.example.com/2025/audio" {
				t.Errorf("%s: existing %+v link %q, want source %d", tc.name, v.Existing, v.LinkURL, want)
				continue
			}
			if len(v.Claims) != 1 || v.Claims[0].ID != c.ID {
				t.Errorf("%s: claims %+v, want the one it backs", tc.name, v.Claims)
			}
		}

		// A check recorded the tracked page's canonical address; pasting that
		// address finds the source too.
		if _, err := svc.RecordCheck(ctxT(t), want, claims.RecordCheckInput{Prev: claims.SourceUnchecked,
			Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive, Canonical: "https://news.example.com/stories/audio-clip"}}); err != nil {
			t.Fatal(err)
		}
		v, err := svc.DraftSource(ctxT(t), claims.SourceDraft{Pasted: "https://news.example.com/stories/audio-clip"})
		if err != nil || v.Existing == nil || v.Existing.ID != want {
			t.Errorf("by a check's canonical address: %+v, %v", v, err)
		}
	})
}

func TestDraftSource_CanonicalOnAnotherSiteIsShownNotMatched(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, c := serviceWithClaim(t, db)
		if _, err := svc.LinkSource(ctxT(t), editor, c.ID, claims.NewSourceLink{URL: "https://rival.example.net/scoop",
			Outlet: "Rival", OutletKind: "independent", Stance: "supports"}); err != nil {
			t.Fatal(err)
		}
		v, err := svc.DraftSource(ctxT(t), claims.SourceDraft{Pasted: "https://copycat.example/scoop", Canonical: "https://rival.example.net/scoop"})
		if err != nil {
			t.Fatal(err)
		}
		if v.Existing != nil || !v.ForeignCanonical || v.LinkURL != "https://copycat.example/scoop" {
			t.Errorf("foreign canonical: existing %+v, foreign %v, link %q; want no match, the page's own address", v.Existing, v.ForeignCanonical, v.LinkURL)
		}
	})
}

func TestDraftSource_BadAddressIsInvalidAndLongTextIsCut(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc, _, _ := serviceWithClaim(t, db)
		_, err := svc.DraftSource(ctxT(t), claims.SourceDraft{Pasted: "javascript:alert(1)"})
		wantCode(t, err, claims.EINVALID)
		v, err := svc.DraftSource(ctxT(t), claims.SourceDraft{Pasted: "https://x.example/", Title: strings.Repeat("é", 400),
			Canonical: "not a url at all"})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Draft.Title) > 300 || !strings.HasPrefix(v.Draft.Title, "éé") || strings.ContainsRune(v.Draft.Title, '\uFFFD') {
			t.Errorf("title of %d bytes: %q", len(v.Draft.Title), v.Draft.Title[:10])
		}
		if v.Draft.Canonical != "" || v.LinkURL != "https://x.example/" {
			t.Errorf("a bad canonical was kept: %q, link %q", v.Draft.Canonical, v.LinkURL)
		}
	})
}
