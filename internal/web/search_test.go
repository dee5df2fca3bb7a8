package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
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

// searchWorld is a published story about a dam, a draft story and an
// internal note, each holding the word "cracks".
func searchWorld(t *testing.T, csvc *claims.Service) (open, draft *claims.Claim) {
	t.Helper()
	ctx := t.Context()
	dam := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "dam", Title: "The Harlow dam inspection", Summary: "Was the dam safe?",
		Context: []claims.QA{{Question: "Who inspects the dam?", Answer: "The regional water board, which counts cracks yearly."}}, Published: true}))(t)
	open = must(csvc.AddClaim(ctx, editor, dam.ID, claims.NewClaim{Text: "Engineers found cracks in the dam wall.", Status: "disputed"}))(t)
	must(csvc.AddClaim(ctx, editor, dam.ID, claims.NewClaim{Text: "The reservoir was drained in May.", Status: "confirmed"}))(t)
	must(csvc.AddEvidence(ctx, editor, open.ID, claims.NewEvidence{Summary: "The board's report lists no cracks", Stance: "disputes"}))(t)
	must(csvc.AddNote(ctx, editor, open.ID, "Ask the engineers for photos of the cracks"))(t)
	hidden := must(csvc.CreateStory(ctx, editor, claims.NewStory{Slug: "hidden", Title: "Draft", Summary: "Not yet."}))(t)
	draft = must(csvc.AddClaim(ctx, editor, hidden.ID, claims.NewClaim{Text: "The cracks were hidden from inspectors.", Status: "unverified"}))(t)
	return open, draft
}

type searchBody struct {
	Items []struct {
		Kind, Text, Snippet, Status, URL string
		StorySlug                        string `json:"story_slug"`
		ID                               int64
		Resolved                         bool
	} `json:"items"`
	Next *string `json:"next"`
}

func searchJSON(t *testing.T, h http.Handler, target string, cookie *http.Cookie, into any) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	res := serve(h, req)
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(into); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode
}

func TestAPISearch_ReadersFindPublishedContentAndEditorsDraftsAndNotes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, asvc := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)

		var reader searchBody
		if code := searchJSON(t, h, "/api/v1/search?q=crack", nil, &reader); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		kinds := map[string]string{}
		for _, it := range reader.Items {
			kinds[it.Kind] = it.Text
		}
		if len(reader.Items) != 3 || reader.Items[0].Kind != "claim" || reader.Items[0].ID != open.ID ||
			kinds["evidence"] == "" || kinds["fact"] != "Who inspects the dam?" {
			t.Fatalf("reader's results: %+v", reader.Items)
		}
		first := reader.Items[0]
		if first.URL != "https://claims.example.org/claims/"+itoa(open.ID) || first.StorySlug != "dam" || first.Status != "disputed" || first.Resolved {
			t.Fatalf("claim item: %+v", first)
		}

		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		var ed searchBody
		searchJSON(t, h, "/api/v1/search?q=cracks", cookie, &ed)
		found := map[string]bool{}
		for _, it := range ed.Items {
			found[it.Kind+":"+it.Text] = true
		}
		if len(ed.Items) != 5 || !found["claim:"+draft.Text] || !found["note:Ask the engineers for photos of the cracks"] {
			t.Fatalf("editor's results: %+v", ed.Items)
		}

		// Paging: the cursor counts what was shown.
		var p1, p2 searchBody
		searchJSON(t, h, "/api/v1/search?q=cracks&limit=2", nil, &p1)
		if len(p1.Items) != 2 || p1.Next == nil || *p1.Next != "2" {
			t.Fatalf("page 1: %+v next %v", p1.Items, p1.Next)
		}
		searchJSON(t, h, "/api/v1/search?q=cracks&limit=2&before=2", nil, &p2)
		if len(p2.Items) != 1 || p2.Next != nil || p2.Items[0].Text == p1.Items[0].Text || p2.Items[0].Text == p1.Items[1].Text {
			t.Fatalf("page 2: %+v next %v", p2.Items, p2.Next)
		}
		// Filters: a status keeps claims (and their evidence) in it.
		var confirmed searchBody
		searchJSON(t, h, "/api/v1/search?q=reservoir&status=confirmed&story=dam", nil, &confirmed)
		if len(confirmed.Items) != 1 || !confirmed.Items[0].Resolved {
			t.Fatalf("status filter: %+v", confirmed.Items)
		}
		for _, bad := range []string{"/api/v1/search?q=", "/api/v1/search?q=the", "/api/v1/search?q=dam&status=bogus"} {
			if code := searchJSON(t, h, bad, nil, &searchBody{}); code != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422", bad, code)
			}
		}
	})
}

func TestSearchPage_ShowsResultsWithFiltersAndIsLinkedFromEveryHeader(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, asvc := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)
		res := serve(h, httptest.NewRequest(http.MethodGet, "/search?q=cracks&story=dam", nil))
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`href="/claims/` + itoa(open.ID) + `">Engineers found cracks in the dam wall.</a>`,
			`<option value="dam" selected>The Harlow dam inspection</option>`, "Evidence", "Context", `href="/search"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, draft.Text) || strings.Contains(body, "photos of the cracks") {
			t.Error("a reader's search shows a draft or a note")
		}
		res = serve(h, httptest.NewRequest(http.MethodGet, "/search?q=zebra", nil))
		if body := readAll(t, res.Body); !strings.Contains(body, "Nothing we track matches “zebra”") {
			t.Errorf("no results: %s", between(t, body, "<main", "</main>"))
		}
		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		req := httptest.NewRequest(http.MethodGet, "/editor", nil)
		req.AddCookie(cookie)
		if body := readAll(t, serve(h, req).Body); !strings.Contains(body, `<form action="/search" method="get" role="search"`) {
			t.Error("the editor dashboard offers no search box")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type matchBody struct {
	Items []struct {
		ClaimID     int64   `json:"claim_id"`
		ClaimText   string  `json:"claim_text"`
		Status      string  `json:"status"`
		StatusLabel string  `json:"status_label"`
		StorySlug   string  `json:"story_slug"`
		URL         string  `json:"url"`
		Score       float64 `json:"score"`
		Match       bool    `json:"match"`
		Sentence    string  `json:"sentence"`
	} `json:"items"`
}

func postMatch(t *testing.T, h http.Handler, body, client string) (*http.Response, matchBody) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/v1/match", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = client + ":4000"
	res := serve(h, req)
	var mb matchBody
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&mb); err != nil {
			t.Fatal(err)
		}
	}
	return res, mb
}

func TestAPIMatch_FindsTheClaimsATextRepeatsAndNotTheOnesItDenies(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, _ := newTestServer(t, db)
		open, draft := searchWorld(t, csvc)
		text := `HARLOW — Engineers found cracks in the wall of the Harlow dam, the board's report says. ` +
			`The board denied that the reservoir was drained in May. The cracks were hidden from inspectors, a rumour says.`
		res, mb := postMatch(t, h, `{"text":`+strings.TrimSpace(mustJSON(t, text))+`}`, "192.0.2.1")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if len(mb.Items) == 0 || mb.Items[0].ClaimID != open.ID || !mb.Items[0].Match || mb.Items[0].StatusLabel != "Disputed" ||
			!strings.HasPrefix(mb.Items[0].Sentence, "HARLOW — Engineers found cracks") || mb.Items[0].StorySlug != "dam" {
			t.Fatalf("items: %+v", mb.Items)
		}
		for _, it := range mb.Items[1:] {
			if it.Match {
				t.Errorf("a second match: %+v (the reservoir sentence is a denial)", it)
			}
			if it.ClaimID == draft.ID {
				t.Errorf("a draft claim was offered to a reader: %+v", it)
			}
		}

		res, _ = postMatch(t, h, `{"text":`+mustJSON(t, strings.Repeat("word ", search.MaxMatchText/5+1))+`}`, "192.0.2.1")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("a text over 100 KB: status %d, want 422", res.StatusCode)
		}
		// The limit counts per client: another client still gets answers.
		for i := 2; i <= search.MatchesPerClient; i++ {
			if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.1"); res.StatusCode != http.StatusOK {
				t.Fatalf("request %d: status %d", i, res.StatusCode)
			}
		}
		if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.1"); res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("request %d: status %d, want 429", search.MatchesPerClient+1, res.StatusCode)
		}
		if res, _ := postMatch(t, h, `{"text":"cracks in the dam"}`, "192.0.2.2"); res.StatusCode != http.StatusOK {
			t.Fatalf("another client: status %d", res.StatusCode)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

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
