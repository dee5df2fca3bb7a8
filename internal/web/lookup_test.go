package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

func TestLookup_ReaderFindsTheClaimsThatRestOnAnArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		ask := func(article string) (int, string) {
			return f.get(t, "/lookup?url="+url.QueryEscape(article))
		}

		// The fixture's source is https://news.example.com/audio?utm_source=x;
		// the same article shared from a newsletter carries other tracking.
		status, body := ask("https://NEWS.example.com/audio?utm_campaign=weekly#top")
		text := html.UnescapeString(body)
		if status != http.StatusOK || !strings.Contains(text, "1 tracked claim rests on this article") ||
			!strings.Contains(text, `The recording is authentic <script>alert("claim")</script>`) || strings.Contains(body, `<script>alert("claim")`) {
			t.Fatalf("lookup of the tracked article (%d):\n%s", status, body)
		}

		// A check read the page's canonical address: asking with that finds it too.
		must(f.svc.RecordCheck(ctx, f.source.ID, claims.RecordCheckInput{Prev: claims.SourceUnchecked,
			Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive, Canonical: "https://news.example.com/2025/11/audio-story"}}))(t)
		if _, body := ask("https://news.example.com/2025/11/audio-story"); !strings.Contains(body, "1 tracked claim rests") {
			t.Errorf("lookup by canonical address found nothing:\n%s", body)
		}
		// A page cannot claim another site's article by naming it canonical.
		must(f.svc.RecordCheck(ctx, f.source.ID, claims.RecordCheckInput{Prev: claims.SourceLive,
			Check: claims.CheckRecord{StatusCode: 200, State: claims.SourceLive, Canonical: "https://rival.example.net/their-scoop"}}))(t)
		if _, body := ask("https://rival.example.net/their-scoop"); !strings.Contains(body, "We are not tracking") {
			t.Errorf("a canonical address on another site matched:\n%s", body)
		}

		// A draft's claim on a tracked article stays hidden.
		must(f.svc.LinkSource(ctx, editor, f.hidden.ID, claims.NewSourceLink{URL: "https://secret.example.org/draft", Outlet: "S", OutletKind: "wire", Stance: "supports"}))(t)
		if _, body := ask("https://secret.example.org/draft"); !strings.Contains(body, "We are not tracking") || strings.Contains(body, f.hidden.Text) {
			t.Errorf("lookup revealed a draft's claim:\n%s", body)
		}
		if status, body := ask("javascript:alert(1)"); status != http.StatusUnprocessableEntity || !strings.Contains(body, "role=\"alert\"") {
			t.Errorf("a non-http address: %d", status)
		}
		if _, home := f.get(t, "/"); !strings.Contains(home, `action="/lookup"`) {
			t.Error("the home page has no lookup box")
		}
	})
}
