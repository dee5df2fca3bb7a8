package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/search"
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

// lookupFetcher is the fetcher internal/app wires (its articleReader, which
// web cannot import): the guarded client, then extract.Page for the text.
type lookupFetcher struct{ client *fetch.Client }

func (f lookupFetcher) FetchArticle(ctx context.Context, u string) (search.Article, error) {
	res, err := f.client.Get(ctx, u, fetch.Conditional{})
	if err != nil {
		return search.Article{}, err
	}
	m := extract.Article(res.Body, res.FinalURL)
	doc, err := extract.Page(res.Body, res.ContentType, res.FinalURL)
	return search.Article{URL: res.FinalURL, Canonical: m.Canonical, Title: m.Title, Outlet: m.Outlet, Text: doc.Text}, err
}

// damArticle repeats one tracked claim, denies another and reports a
// third with another number.
const damArticle = `<!doctype html><html><head><title>Harlow dam: what the survey found | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier"></head><body><nav>Home · News · Sport</nav><article>
<h1>Harlow dam: what the survey found</h1>
<p>Engineers found cracks in the Harlow dam wall during the spring survey, the inspection report says.
The board has asked for a second opinion before any work starts.</p>
<p>The regional water board denied that the reservoir was drained in May, calling the photos old.
Local residents have been asking questions about the dam for months, and a public meeting is planned.</p>
<p>Opposition councillors say repairs could cost 40 million euros.</p></article></body></html>`

const plainArticle = `<!doctype html><html><head><title>Bakery opens | Valley Courier</title></head><body><article>
<p>A new bakery has opened on the high street, selling bread and cakes from six in the morning.</p>
<p>The owners say they will hire four staff from the town before the summer.</p></article></body></html>`

type lookupEnv struct {
	h          http.Handler
	csvc       *claims.Service
	asvc       *auth.Service
	site       *httptest.Server
	hits       *atomic.Int64
	dials      *dialLog
	open, gone *claims.Claim
}

func newLookupEnv(t *testing.T, db *store.DB, allowPrivate bool) *lookupEnv {
	t.Helper()
	e := &lookupEnv{hits: &atomic.Int64{}, dials: &dialLog{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/dam", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, damArticle) })
	mux.HandleFunc("/bakery", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, plainArticle) })
	e.site = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(e.site.Close)
	client := fetch.New(fetch.Options{AllowPrivate: allowPrivate, PerHostGap: -1, Timeout: 5 * time.Second,
		ConnectTimeout: 2 * time.Second, DialHook: e.dials.hook(t)})
	t.Cleanup(client.Close)
	e.csvc = claims.NewService(db, claims.DefaultVocabulary(), nil)
	e.asvc = auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	svc := search.New(db, e.csvc.Vocabulary(), 0, nil)
	svc.UseArticles(lookupFetcher{client: client})
	e.h = New(Options{Service: e.csvc, Auth: e.asvc, BaseURL: "https://claims.example.org", Now: time.Now, Search: svc}).Handler()
	e.open, e.gone = searchWorld(t, e.csvc)
	return e
}

func (e *lookupEnv) lookup(t *testing.T, addr string) (int, string) {
	t.Helper()
	res := serve(e.h, httptest.NewRequest(http.MethodGet, "/lookup?"+url.Values{"url": {addr}}.Encode(), nil))
	return res.StatusCode, readAll(t, res.Body)
}

func TestLookup_ReadsAnArticleAndShowsEachTrackedClaimItRepeats(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newLookupEnv(t, db, true)
		code, body := e.lookup(t, e.site.URL+"/dam")
		if code != http.StatusOK {
			t.Fatalf("status %d: %s", code, body)
		}
		section := between(t, body, `<section class="lookup-article"`, "</section>")
		for _, want := range []string{"What “Harlow dam: what the survey found” (Valley Courier) repeats", "It repeats 1 claim we track",
			`<a href="/claims/` + itoa(e.open.ID) + `">Engineers found cracks in the dam wall.</a>`, "Disputed", "<strong>Unresolved</strong>",
			"The article: “Engineers found cracks in the Harlow dam wall during the spring survey, the inspection report says.”",
			`In <a href="/stories/dam">The Harlow dam inspection</a>`} {
			if !strings.Contains(section, want) {
				t.Errorf("the result lacks %q:\n%s", want, section)
			}
		}
		if strings.Contains(section, "drained in May") {
			t.Errorf("a denied claim is shown as repeated:\n%s", section)
		}
		// Cached by address for an hour: the second reader costs the site nothing.
		if code, _ := e.lookup(t, e.site.URL+"/dam"); code != http.StatusOK || e.hits.Load() != 1 {
			t.Errorf("second lookup: status %d after %d requests to the site, want 1", code, e.hits.Load())
		}
		_, body = e.lookup(t, e.site.URL+"/bakery")
		if !strings.Contains(body, "We found none of the claims we track in this article.") {
			t.Errorf("an article repeating nothing:\n%s", between(t, body, "<main", "</main>"))
		}
	})
}

func TestLookup_RefusesPrivateAddressesWithoutSendingAnything(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newLookupEnv(t, db, false)
		code, body := e.lookup(t, e.site.URL+"/dam")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "claimtrack does not fetch this address") {
			t.Fatalf("status %d:\n%s", code, between(t, body, "<main", "</main>"))
		}
		if e.hits.Load() != 0 || e.dials.count() != 0 {
			t.Fatalf("a refused address was reached: %d requests, %d dials", e.hits.Load(), e.dials.count())
		}
	})
}
