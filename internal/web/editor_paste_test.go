package web

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck/extract"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// pasteArticle is the page the article server serves at /amp/fire: its
// canonical address is /2025/fire on the same server.
const pasteArticle = `<!doctype html><html><head>
<title>Fire | Harbour Gazette</title>
<link rel="canonical" href="/2025/fire">
<meta property="og:site_name" content="Harbour Gazette">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Fire began in warehouse 7, \u003cb\u003eport says\u003c/b\u003e",
 "author":[{"@type":"Person","name":"Mira Okafor"}],
 "datePublished":"2025-11-18T07:30:00+01:00",
 "publisher":{"@type":"NewsMediaOrganization","name":"Harbour Gazette"}}</script>
</head><body><article><p>The port authority said the fire began in warehouse 7.</p></article></body></html>`

// articleServer serves pasteArticle on loopback and counts its requests.
func articleServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pasteArticle)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// dialLog records every address a fetch client dials, and refuses any
// that is not loopback: tests never leave the machine.
type dialLog struct {
	mu    sync.Mutex
	addrs []string
}

func (d *dialLog) hook(t *testing.T) func(network, addr string) error {
	return func(network, addr string) error {
		d.mu.Lock()
		d.addrs = append(d.addrs, addr)
		d.mu.Unlock()
		ap, err := netip.ParseAddrPort(addr)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			t.Errorf("a paste tried to dial %s: tests stay on loopback", addr)
			return fmt.Errorf("test dial to %s refused", addr)
		}
		return nil
	}
}

func (d *dialLog) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.addrs)
}

// pasteReader is the reader internal/app wires (its articleReader, which
// web cannot import): the guarded fetch client, then extract.Article. The
// app's own test covers its refusals of non-HTML pages and error statuses.
type pasteReader struct{ client *fetch.Client }

func (r pasteReader) ReadArticle(ctx context.Context, url string) (claims.SourceDraft, error) {
	res, err := r.client.Get(ctx, url, fetch.Conditional{})
	if err != nil {
		return claims.SourceDraft{}, err
	}
	m := extract.Article(res.Body, res.FinalURL)
	return claims.SourceDraft{Pasted: url, URL: res.FinalURL, Canonical: m.Canonical, Title: m.Title, Outlet: m.Outlet,
		Author: m.Author(), Published: m.Published, Description: m.Description, PublisherType: m.PublisherType}, nil
}

// newPasteEnv is newEditorEnv on a server that reads pasted articles with
// a guarded client; allowPrivate is CLAIMTRACK_ALLOW_PRIVATE_SOURCES.
func newPasteEnv(t *testing.T, db *store.DB, allowPrivate bool) (*editorEnv, *dialLog) {
	t.Helper()
	dials := &dialLog{}
	client := fetch.New(fetch.Options{AllowPrivate: allowPrivate, PerHostGap: -1, Timeout: 5 * time.Second,
		ConnectTimeout: 2 * time.Second, DialHook: dials.hook(t)})
	t.Cleanup(client.Close)
	csvc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	srv := New(Options{Service: csvc, Auth: asvc, BaseURL: "https://claims.example.org", Now: time.Now,
		ArticleReader: pasteReader{client: client}})
	e := &editorEnv{h: srv.Handler(), svc: csvc, auth: asvc}
	e.cookie = loginAs(t, e.h, asvc, auth.RoleEditor)
	ctx := context.Background()
	e.story = must(csvc.CreateStory(ctx, claims.ActorDemo, claims.NewStory{Slug: "harbour-fire", Title: "Harbour fire", Published: true}))(t)
	e.claim = must(csvc.AddClaim(ctx, claims.ActorDemo, e.story.ID, claims.NewClaim{Text: "The fire started in the warehouse", Status: "investigating"}))(t)
	return e, dials
}

const pastePath = "/editor/stories/harbour-fire/paste"

func TestEditorStoryPaste_ReadsArticleAndLinksItToAClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dials := newPasteEnv(t, db, true)
		art, hits := articleServer(t)

		_, page := e.get(t, "/editor/stories/harbour-fire")
		if !strings.Contains(page, `id="paste-form"`) || !strings.Contains(page, `action="`+pastePath+`"`) {
			t.Fatalf("the story editor has no paste form:\n%s", page)
		}

		res, body := e.post(t, pastePath, url.Values{"url": {art.URL + "/amp/fire?utm_source=newsletter"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("paste: %d\n%s", res.StatusCode, body)
		}
		read := between(t, body, `id="paste-read"`, "</div>")
		text := html.UnescapeString(read)
		for _, want := range []string{"Fire began in warehouse 7, <b>port says</b>", "Harbour Gazette", "Mira Okafor",
			"18 November 2025, 06:30 UTC", art.URL + "/2025/fire", "Independent coverage"} {
			if !strings.Contains(text, want) {
				t.Errorf("the panel lacks %q:\n%s", want, read)
			}
		}
		if strings.Contains(read, "<b>port says") {
			t.Error("the article's title reached the page unescaped")
		}
		if strings.Contains(read, "Already tracked") {
			t.Error("a new article was said to be tracked")
		}
		if hits.Load() != 1 || dials.count() != 1 {
			t.Errorf("%d requests, %d dials; want one fetch of the article", hits.Load(), dials.count())
		}

		form := between(t, body, `id="paste-link-form"`, "</form>")
		for _, want := range []string{`name="url" type="url" required maxlength="2048" value="` + art.URL + `/2025/fire"`, `value="Harbour Gazette"`,
			`<option value="independent" selected>`, `<option value="` + strconv.FormatInt(e.claim.ID, 10) + `"`} {
			if !strings.Contains(form, want) {
				t.Errorf("the link form lacks %s:\n%s", want, form)
			}
		}

		// The editor corrects the outlet's name before linking.
		res, body = e.post(t, "/editor/stories/harbour-fire/sources", url.Values{
			"claim_id": {strconv.FormatInt(e.claim.ID, 10)}, "url": {art.URL + "/2025/fire"}, "outlet": {"The Harbour Gazette"},
			"outlet_kind": {"independent"}, "title": {"Fire began in warehouse 7"}, "stance": {"supports"},
		})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/editor/stories/harbour-fire?done=source" {
			t.Fatalf("link: %d Location %q\n%s", res.StatusCode, res.Header.Get("Location"), body)
		}
		d := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t)
		if len(d.Sources) != 1 || d.Sources[0].URL != art.URL+"/2025/fire" || d.Sources[0].Outlet != "The Harbour Gazette" ||
			d.Sources[0].Title != "Fire began in warehouse 7" || d.Sources[0].Stance != claims.StanceSupports {
			t.Errorf("the claim's sources = %+v; want the pasted article under the editor's outlet name", d.Sources)
		}
		if _, body := e.get(t, "/editor/stories/harbour-fire?done=source"); !strings.Contains(body, "Source linked.") {
			t.Error("the story editor does not say the source was linked")
		}
	})
}

func TestEditorStoryPaste_ArticleWhoseCanonicalIsTrackedSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, _ := newPasteEnv(t, db, true)
		art, _ := articleServer(t)
		must(e.svc.LinkSource(context.Background(), editor, e.claim.ID, claims.NewSourceLink{URL: art.URL + "/2025/fire",
			Outlet: "Gazette (stored)", OutletKind: "independent", Title: "Stored title", Stance: "disputes"}))(t)

		res, body := e.post(t, pastePath, url.Values{"url": {art.URL + "/amp/fire"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("paste: %d\n%s", res.StatusCode, body)
		}
		tracked := between(t, body, `id="paste-tracked"`, "</ul>")
		if !strings.Contains(tracked, "Already tracked") || !strings.Contains(tracked, "Gazette (stored)") ||
			!strings.Contains(tracked, "The fire started in the warehouse") || !strings.Contains(tracked, view.EditClaimURL(e.claim.ID)) {
			t.Errorf("the panel does not say the article is tracked and by which claim:\n%s", tracked)
		}
		form := between(t, body, `id="paste-link-form"`, "</form>")
		if !strings.Contains(form, "(already linked)") || !strings.Contains(form, `name="tracked"`) || strings.Contains(form, `id="pl-outlet"`) {
			t.Errorf("the link form should link the stored source and mark its claim:\n%s", form)
		}

		// Linking it to a second claim reuses the tracked source.
		other := must(e.svc.AddClaim(context.Background(), claims.ActorDemo, e.story.ID, claims.NewClaim{Text: "The pier was closed", Status: "unverified"}))(t)
		res, _ = e.post(t, "/editor/stories/harbour-fire/sources", url.Values{"claim_id": {strconv.FormatInt(other.ID, 10)},
			"url": {art.URL + "/2025/fire"}, "outlet": {"Gazette (stored)"}, "outlet_kind": {"independent"}, "stance": {"context"}, "tracked": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link to a second claim: %d", res.StatusCode)
		}
		a := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t).Sources
		b := must(e.svc.ClaimDetail(context.Background(), other.ID, false))(t).Sources
		if len(a) != 1 || len(b) != 1 || a[0].ID != b[0].ID {
			t.Errorf("sources %+v and %+v; want one source shared by both claims", a, b)
		}
	})
}

func TestEditorStoryPaste_PrivateAddressIsRefusedAndNothingDialed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dials := newPasteEnv(t, db, false)
		art, hits := articleServer(t)
		typed := art.URL + "/amp/fire"
		res, body := e.post(t, pastePath, url.Values{"url": {typed}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("paste of a loopback address: %d, want 422", res.StatusCode)
		}
		form := between(t, body, `id="paste-form"`, "</form>")
		if !strings.Contains(form, "private or local network") || !strings.Contains(form, `value="`+typed+`"`) {
			t.Errorf("the form does not explain the refusal or lost the address:\n%s", form)
		}
		if strings.Contains(body, `id="paste-read"`) || hits.Load() != 0 || dials.count() != 0 {
			t.Errorf("refused paste: %d requests, %d dials, panel shown: %v", hits.Load(), dials.count(), strings.Contains(body, `id="paste-read"`))
		}
	})
}

func TestEditorStoryPaste_BadAndUnreachableAddressesSayWhy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dials := newPasteEnv(t, db, true)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		closed := "http://" + ln.Addr().String() + "/gone"
		ln.Close()
		tests := []struct {
			typed  string
			status int
			want   string
		}{
			{"ftp://files.example/report.pdf", http.StatusUnprocessableEntity, "only http and https"},
			{"not an address", http.StatusUnprocessableEntity, "spaces"},
			{closed, http.StatusBadGateway, "could not be reached"},
		}
		for _, tt := range tests {
			res, body := e.post(t, pastePath, url.Values{"url": {tt.typed}})
			form := between(t, body, `id="paste-form"`, "</form>")
			if res.StatusCode != tt.status || !strings.Contains(form, tt.want) || !strings.Contains(form, `value="`+html.EscapeString(tt.typed)+`"`) {
				t.Errorf("paste %q: %d, want %d with %q and the address kept:\n%s", tt.typed, res.StatusCode, tt.status, tt.want, form)
			}
		}
		if dials.count() != 1 {
			t.Errorf("%d dials; only the well-formed address should have been tried", dials.count())
		}
	})
}

func TestEditorStorySourceLink_BadInputKeepsTheFormAndLinksNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, _ := newPasteEnv(t, db, true)
		elsewhere := must(e.svc.CreateStory(context.Background(), claims.ActorDemo, claims.NewStory{Slug: "other", Title: "Other"}))(t)
		foreign := must(e.svc.AddClaim(context.Background(), claims.ActorDemo, elsewhere.ID, claims.NewClaim{Text: "Elsewhere", Status: "unverified"}))(t)
		for name, form := range map[string]url.Values{
			"no outlet": {"claim_id": {strconv.FormatInt(e.claim.ID, 10)}, "url": {"https://news.example/a"}, "outlet": {" "},
				"outlet_kind": {"independent"}, "stance": {"supports"}, "title": {"Kept title"}},
			"another story's claim": {"claim_id": {strconv.FormatInt(foreign.ID, 10)}, "url": {"https://news.example/a"},
				"outlet": {"News"}, "outlet_kind": {"independent"}, "stance": {"supports"}, "title": {"Kept title"}},
		} {
			res, body := e.post(t, "/editor/stories/harbour-fire/sources", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", name, res.StatusCode)
				continue
			}
			f := between(t, body, `id="paste-link-form"`, "</form>")
			if !strings.Contains(f, `value="Kept title"`) || !strings.Contains(f, `class="ed-field-error"`) {
				t.Errorf("%s: the form lost the input or shows no error:\n%s", name, f)
			}
		}
		for _, id := range []int64{e.claim.ID, foreign.ID} {
			if s := must(e.svc.ClaimDetail(context.Background(), id, false))(t).Sources; len(s) != 0 {
				t.Errorf("claim %d got sources %+v from a failed form", id, s)
			}
		}
	})
}

func TestEditorStoryPaste_AnonymousAndCrossSiteAreRefusedAndNothingFetched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, dials := newPasteEnv(t, db, true)
		art, hits := articleServer(t)
		for _, target := range []string{pastePath, "/editor/stories/harbour-fire/sources"} {
			res := postForm(t, e.h, target, url.Values{"url": {art.URL + "/amp/fire"}, "claim_id": {strconv.FormatInt(e.claim.ID, 10)},
				"outlet": {"X"}, "outlet_kind": {"independent"}, "stance": {"supports"}}, nil)
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous POST %s: %d, want 401", target, res.StatusCode)
			}
		}
		// A signed-in editor's browser tricked by another site is refused too.
		req := httptest.NewRequest(http.MethodPost, pastePath, strings.NewReader(url.Values{"url": {art.URL + "/amp/fire"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.AddCookie(e.cookie)
		if res := serve(e.h, req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site paste with a session: %d, want 403", res.StatusCode)
		}
		res := serve(e.h, mustRequest(t, http.MethodGet, "/editor/stories/harbour-fire"))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("anonymous story editor: %d %q, want a redirect to /login", res.StatusCode, res.Header.Get("Location"))
		}
		if hits.Load() != 0 || dials.count() != 0 {
			t.Errorf("anonymous requests made %d fetches, %d dials", hits.Load(), dials.count())
		}
		if s := must(e.svc.ClaimDetail(context.Background(), e.claim.ID, false))(t).Sources; len(s) != 0 {
			t.Errorf("an anonymous POST linked %+v", s)
		}
	})
}

func TestEditorStoryPaste_WithoutAReaderTheFormIsHidden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEditorEnv(t, db)
		if _, page := e.get(t, "/editor/stories/harbour-fire"); strings.Contains(page, `id="paste-form"`) {
			t.Error("the paste form shows on a server that reads no articles")
		}
		if res, _ := e.post(t, pastePath, url.Values{"url": {"https://news.example/a"}}); res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("paste without a reader: %d, want 503", res.StatusCode)
		}
	})
}
