package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/recheck"
	"github.com/claimtrack/claimtrack/internal/recheck/fetch"
	"github.com/claimtrack/claimtrack/internal/recheck/policy"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/api"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// sourcePage is a loopback web page whose body and status tests change
// between checks.
type sourcePage struct {
	mu     sync.Mutex
	body   string
	status int
	srv    *httptest.Server
}

func newSourcePage(t *testing.T, body string) *sourcePage {
	t.Helper()
	p := &sourcePage{body: body, status: http.StatusOK}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		body, status := p.body, p.status
		p.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *sourcePage) set(body string, status int) {
	p.mu.Lock()
	p.body, p.status = body, status
	p.mu.Unlock()
}

func articleHTML(paras ...string) string {
	s := "<html><head><title>Dam report</title></head><body><nav>Home | Local</nav><article><h1>Dam report</h1>"
	for _, p := range paras {
		s += "<p>" + p + "</p>"
	}
	return s + "</article><footer>Copyright</footer></body></html>"
}

// newTestChecker returns a real re-checker over svc whose client may reach
// loopback only: its dial hook refuses every other address, so no test
// traffic leaves the machine. goneAfterOne makes one 404/410 enough for
// gone, instead of three over 72 hours.
func newTestChecker(t *testing.T, svc *claims.Service, goneAfterOne bool) *recheck.Checker {
	t.Helper()
	client := fetch.New(fetch.Options{
		AllowPrivate: true, PerHostGap: -1, Timeout: 5 * time.Second, ConnectTimeout: 2 * time.Second,
		DialHook: func(network, addr string) error {
			ap, err := netip.ParseAddrPort(addr)
			if err != nil || !ap.Addr().Unmap().IsLoopback() {
				t.Errorf("the checker tried to dial %s: tests stay on loopback", addr)
				return fmt.Errorf("test dial to %s refused", addr)
			}
			return nil
		},
	})
	t.Cleanup(client.Close)
	cfg := policy.DefaultConfig()
	if goneAfterOne {
		cfg.GoneChecks, cfg.GoneSpan = 1, 0
	}
	return recheck.New(svc, client, recheck.Options{Policy: cfg, Rand: func() float64 { return 0.5 }, Concurrency: 2})
}

func TestSourceHistoryAPI_AnonymousIs401AndUnknownIs404(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		for _, path := range []string{"/api/v1/sources/%d/checks", "/api/v1/sources/%d/snapshots", "/api/v1/snapshots/%d"} {
			res, body := apiReq(t, f.h, "GET", fmt.Sprintf(path, 1), "", nil, nil)
			wantStatus(t, "anonymous "+path, res, body, http.StatusUnauthorized)
			if e := decode[apiErrorBody](t, body); e.Error.Code != claims.EUNAUTHORIZED {
				t.Errorf("anonymous %s: code %q", path, e.Error.Code)
			}
			res, body = apiReq(t, f.h, "GET", fmt.Sprintf(path, 9999), "", f.editorA, nil)
			wantStatus(t, "editor, unknown id, "+path, res, body, http.StatusNotFound)
		}
	})
}

func TestSourceHistory_EditorReadsTheChecksSnapshotsAndDiffOfRealChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWriteFixture(t, db)
		ctx := context.Background()
		pg := newSourcePage(t, articleHTML("The minister said the dam was safe.", "Engineers inspected it in May."))
		src := must(f.svc.LinkSource(ctx, claims.ActorDemo, f.claim.ID, claims.NewSourceLink{
			URL: pg.srv.URL + "/dam", Outlet: "Valley Courier", OutletKind: "independent", Title: "Dam report", Stance: "supports"}))(t)
		chk := newTestChecker(t, f.svc, false)
		must(chk.CheckOne(ctx, src.ID))(t)
		pg.set(articleHTML("The minister said the dam was safe.", "Engineers found &lt;cracks&gt; in November."), http.StatusOK)
		if res := must(chk.CheckOne(ctx, src.ID))(t); res.State != claims.SourceChanged {
			t.Fatalf("second check: state %q, want changed", res.State)
		}

		base := fmt.Sprintf("/api/v1/sources/%d", src.ID)
		res, body := apiReq(t, f.h, "GET", base+"/checks?limit=1", "", f.editorA, nil)
		wantStatus(t, "checks", res, body, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("checks Cache-Control %q, want no-store", cc)
		}
		checks := decode[httpx.ListBody[api.Check]](t, body)
		if len(checks.Items) != 1 || checks.Items[0].State != "changed" || checks.Items[0].StatusCode != 200 || checks.Next == nil {
			t.Fatalf("first page of checks %+v, want the changed check and a next cursor", checks)
		}
		if !strings.HasSuffix(checks.Items[0].At.Location().String(), "UTC") {
			t.Errorf("check time %v is not UTC", checks.Items[0].At)
		}
		res, body = apiReq(t, f.h, "GET", base+"/checks?limit=1&before="+*checks.Next, "", f.editorA, nil)
		wantStatus(t, "checks page 2", res, body, http.StatusOK)
		older := decode[httpx.ListBody[api.Check]](t, body)
		if len(older.Items) != 1 || older.Items[0].State != "live" || older.Next != nil {
			t.Fatalf("second page of checks %+v, want the first (live) check and no cursor", older)
		}

		res, body = apiReq(t, f.h, "GET", base+"/snapshots", "", f.editorA, nil)
		wantStatus(t, "snapshots", res, body, http.StatusOK)
		snaps := decode[httpx.ListBody[api.SnapshotEntry]](t, body)
		if len(snaps.Items) != 2 || snaps.Next != nil {
			t.Fatalf("snapshots %+v, want the baseline and the change", snaps)
		}
		if s := snaps.Items[0]; s.Baseline || s.AddedCount != 1 || s.RemovedCount != 1 {
			t.Errorf("newest snapshot %+v, want one sentence added and one removed", s)
		}
		if !snaps.Items[1].Baseline {
			t.Errorf("oldest snapshot %+v is not the baseline", snaps.Items[1])
		}
		if strings.Contains(body, "Engineers") {
			t.Error("the snapshot list carries text; it should hold counts only")
		}

		res, body = apiReq(t, f.h, "GET", snaps.Items[0].URL, "", f.editorA, nil)
		wantStatus(t, "snapshot", res, body, http.StatusOK)
		one := decode[api.Snapshot](t, body)
		if strings.Join(one.Removed, "|") != "Engineers inspected it in May." || strings.Join(one.Added, "|") != "Engineers found <cracks> in November." {
			t.Errorf("diff removed %q added %q", one.Removed, one.Added)
		}
		if !strings.Contains(one.Text, "The minister said the dam was safe.") || !strings.Contains(one.Text, "found <cracks>") {
			t.Errorf("snapshot text %q", one.Text)
		}
		res, body = apiReq(t, f.h, "GET", snaps.Items[1].URL, "", f.editorA, nil)
		wantStatus(t, "baseline snapshot", res, body, http.StatusOK)
		if b := decode[api.Snapshot](t, body); !b.Baseline || len(b.Added) != 0 || len(b.Removed) != 0 || !strings.Contains(b.Text, "in May") {
			t.Errorf("baseline %+v", b)
		}

		page := editorGet(t, f.h, f.editorA, "/editor/sources/"+strconv.FormatInt(src.ID, 10))
		for _, want := range []string{
			"<del>Engineers inspected it in May.</del>",
			"<ins>Engineers found &lt;cracks&gt; in November.</ins>",
			"200 OK", "First stored copy", pg.srv.URL + "/dam", "The vote was 52 to 48",
			fmt.Sprintf(`href="/editor/snapshots/%d"`, snaps.Items[0].ID),
		} {
			if !strings.Contains(page, want) {
				t.Errorf("source page lacks %q", want)
			}
		}
		full := editorGet(t, f.h, f.editorA, "/editor/snapshots/"+strconv.FormatInt(snaps.Items[0].ID, 10))
		for _, want := range []string{"<p>The minister said the dam was safe.</p>", "<ins>Engineers found &lt;cracks&gt; in November.</ins>"} {
			if !strings.Contains(full, want) {
				t.Errorf("snapshot page lacks %q", want)
			}
		}
		if claimEd := editorGet(t, f.h, f.editorA, view.EditClaimURL(f.claim.ID)); !strings.Contains(claimEd, `href="`+"/editor/sources/"+strconv.FormatInt(src.ID, 10)+`"`) {
			t.Error("the claim editor does not link to the source's page")
		}
	})
}

// editorGet fetches an editor page with a session and fails unless it is 200.
func editorGet(t *testing.T, h http.Handler, cookie *http.Cookie, target string) string {
	t.Helper()
	req := mustRequest(t, http.MethodGet, target)
	req.AddCookie(cookie)
	res := serve(h, req)
	body := readAll(t, res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", target, res.StatusCode, body)
	}
	return body
}

func TestReaderPages_GoneSourceShowsQuotesAndLastCopyDateButNeverTheStoredText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		pg := newSourcePage(t, articleHTML("The council approved the dam in May.", "Only our stored copy holds this sentence."))
		url := pg.srv.URL + "/minutes"
		must(f.svc.LinkSource(ctx, editor, f.open.ID, claims.NewSourceLink{
			URL: url, Outlet: "Council", OutletKind: "official", Title: "Council minutes", Stance: "supports"}))(t)
		must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{Summary: "Minutes", Stance: "supports",
			SourceURL: url, Quote: `The council approved the dam <script>alert("quote")</script> in May.`}))(t)
		pulled := must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{Summary: "Misread", Stance: "supports",
			SourceURL: url, Quote: "A passage we withdrew."}))(t)
		must(f.svc.WithdrawEvidence(ctx, editor, pulled.ID, "Misread the minutes"))(t)
		// A second source that was gone before we ever kept a copy of it.
		dead := newSourcePage(t, "gone")
		dead.set("gone", http.StatusGone)
		old := must(f.svc.LinkSource(ctx, editor, f.open.ID, claims.NewSourceLink{
			URL: dead.srv.URL + "/old", Outlet: "Old Blog", OutletKind: "independent", Title: "Old post", Stance: "context"}))(t)

		// Only these two are checked: the fixture's other sources are on
		// hosts that tests must not reach.
		chk := newTestChecker(t, f.svc, true)
		src := must(db.SourceByURL(ctx, url))(t)
		must(chk.CheckOne(ctx, src.ID))(t)
		if res := must(chk.CheckOne(ctx, old.ID))(t); res.State != claims.SourceGone {
			t.Fatalf("old post: state %q after a 410, want gone", res.State)
		}
		f.clock.Advance(24 * time.Hour)
		pg.set("not here", http.StatusGone)
		if res := must(chk.CheckOne(ctx, src.ID))(t); res.State != claims.SourceGone {
			t.Fatalf("minutes: state %q after a 410, want gone", res.State)
		}

		status, body := f.get(t, site.ClaimURL(f.open.ID))
		if status != http.StatusOK {
			t.Fatalf("claim page: %d", status)
		}
		sources := between(t, body, `id="sources-h"`, "</section>")
		copyLink := fmt.Sprintf(`no longer online: <a href="/sources/%d/copy">our copy from Nov 20</a>`, src.ID)
		for _, want := range []string{
			copyLink,
			"<blockquote>The council approved the dam &lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt; in May.</blockquote>",
			"no longer online; we hold no copy of it",
		} {
			if !strings.Contains(sources, want) {
				t.Errorf("claim page sources lack %q:\n%s", want, sources)
			}
		}
		if strings.Contains(sources, "A passage we withdrew.") {
			t.Error("a withdrawn piece of evidence's quote is shown under the gone source")
		}
		if strings.Contains(body, `<script>alert("quote")`) {
			t.Error("the quote's markup reached the page unescaped")
		}

		status, story := f.get(t, site.StoryURL(f.story.Slug))
		if status != http.StatusOK {
			t.Fatalf("story page: %d", status)
		}
		if !strings.Contains(between(t, story, `id="sources-h"`, "</section>"), copyLink) {
			t.Error("the story page's source list does not say the source has gone")
		}
		for name, page := range map[string]string{"claim": body, "story": story} {
			if strings.Contains(page, "Only our stored copy holds this sentence.") {
				t.Errorf("the %s page shows the stored text of someone else's article", name)
			}
		}
		// The copy itself is on a page of its own, labelled as ours and kept
		// out of search engines; a source still online has none.
		status, cp := f.get(t, reader.SourceCopyURL(src.ID))
		for _, want := range []string{"Only our stored copy holds this sentence.", "Our copy of a page that is no longer online",
			`<meta name="robots" content="noindex">`, "Nov 20, 2025"} {
			if status != http.StatusOK || !strings.Contains(cp, want) {
				t.Errorf("copy page: %d, lacks %q", status, want)
			}
		}
		if status, _ := f.get(t, reader.SourceCopyURL(old.ID)); status != http.StatusNotFound {
			t.Errorf("copy of a gone source we hold no copy of: %d, want 404", status)
		}
	})
}
