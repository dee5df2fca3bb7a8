package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// fastProbe serves through servedCached and records whether the request
// fell through to echo.
type fastProbe struct {
	srv  *Server
	fell bool
}

func (p *fastProbe) serve(req *http.Request) *httptest.ResponseRecorder {
	p.fell = false
	h := p.srv.servedCached(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.fell = true
		p.srv.echo.ServeHTTP(w, r)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// volatileLogFields differ between two requests answered alike.
var volatileLogFields = regexp.MustCompile(`(time|duration)=\S+ ?`)

// lastLogLine returns the newest line of logs without its volatile fields.
func lastLogLine(logs string) string {
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	return volatileLogFields.ReplaceAllString(lines[len(lines)-1], "")
}

func TestCachedPages_AnsweredBeforeEchoExactlyAsEchoAnswers(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	probe := &fastProbe{srv: f.srv}
	f.get(t, "/stories/leaked-audio") // fill the cache
	f.get(t, "/")
	etag := f.do(t, http.MethodGet, "/stories/leaked-audio", nil).Header.Get("ETag")
	gzETag := f.do(t, http.MethodGet, "/stories/leaked-audio", map[string]string{"Accept-Encoding": "gzip"}).Header.Get("ETag")

	cases := []struct {
		name, method, target string
		header               map[string]string
		status               int
	}{
		{"identity", http.MethodGet, "/stories/leaked-audio", nil, http.StatusOK},
		{"gzip", http.MethodGet, "/stories/leaked-audio", map[string]string{"Accept-Encoding": "gzip, deflate, br"}, http.StatusOK},
		{"gzip refused", http.MethodGet, "/stories/leaked-audio", map[string]string{"Accept-Encoding": "gzip;q=0"}, http.StatusOK},
		{"head", http.MethodHead, "/stories/leaked-audio", nil, http.StatusOK},
		{"head gzip", http.MethodHead, "/stories/leaked-audio", map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK},
		{"etag held", http.MethodGet, "/stories/leaked-audio", map[string]string{"If-None-Match": etag}, http.StatusNotModified},
		{"gzip etag held", http.MethodGet, "/stories/leaked-audio", map[string]string{"If-None-Match": gzETag, "Accept-Encoding": "gzip"}, http.StatusNotModified},
		{"other etag", http.MethodGet, "/stories/leaked-audio", map[string]string{"If-None-Match": `"old"`}, http.StatusOK},
		{"query ignored", http.MethodGet, "/stories/leaked-audio?utm_source=feed", nil, http.StatusOK},
		{"index", http.MethodGet, "/", map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			request := func() *http.Request {
				req := httptest.NewRequest(tt.method, tt.target, nil)
				req.Header.Set("X-Request-Id", "proxy-given-id") // kept by both, so the answers can be compared
				for k, v := range tt.header {
					req.Header.Set(k, v)
				}
				return req
			}
			viaEcho := httptest.NewRecorder()
			f.srv.echo.ServeHTTP(viaEcho, request())
			echoLine := lastLogLine(f.logs.String())

			fast := probe.serve(request())
			if probe.fell {
				t.Fatal("the cached page went through echo")
			}
			if fast.Code != tt.status || viaEcho.Code != tt.status {
				t.Fatalf("status: before echo %d, echo %d, want %d", fast.Code, viaEcho.Code, tt.status)
			}
			if got, want := fast.Header(), viaEcho.Header(); !equalHeaders(got, want) {
				t.Errorf("headers before echo:\n%v\nthrough echo:\n%v", got, want)
			}
			if fast.Body.String() != viaEcho.Body.String() {
				t.Errorf("bodies differ: %d bytes before echo, %d through echo", fast.Body.Len(), viaEcho.Body.Len())
			}
			if got := lastLogLine(f.logs.String()); got != echoLine || !strings.Contains(got, "request_id=proxy-given-id") {
				t.Errorf("access log line before echo:\n%s\nthrough echo:\n%s", got, echoLine)
			}
		})
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\n") != strings.Join(b[k], "\n") {
			return false
		}
	}
	return true
}

func TestCachedPages_OnlyAnonymousReadsOfFreshPagesSkipEcho(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	probe := &fastProbe{srv: f.srv}
	anonymous := func(method, target string) *http.Request { return httptest.NewRequest(method, target, nil) }
	with := func(k, v string) *http.Request {
		req := anonymous(http.MethodGet, "/stories/leaked-audio")
		req.Header.Set(k, v)
		return req
	}
	if probe.serve(anonymous(http.MethodGet, "/stories/leaked-audio")); !probe.fell {
		t.Fatal("a page not yet cached was answered before echo")
	}
	for _, tt := range []struct {
		name string
		req  *http.Request
		fast bool
	}{
		{"anonymous GET", anonymous(http.MethodGet, "/stories/leaked-audio"), true},
		{"anonymous HEAD", anonymous(http.MethodHead, "/stories/leaked-audio"), true},
		{"POST", anonymous(http.MethodPost, "/stories/leaked-audio"), false},
		{"a cookie", with("Cookie", "claimtrack_session=whatever"), false},
		{"credentials", with("Authorization", "Bearer whatever"), false},
		{"trailing slash", anonymous(http.MethodGet, "/stories/leaked-audio/"), false},
		{"escaped path", anonymous(http.MethodGet, "/stories/leaked%2Daudio"), false},
		{"another page", anonymous(http.MethodGet, "/stories/leaked-audio/claims"), false},
		{"a story not cached", anonymous(http.MethodGet, "/stories/draft-story"), false},
	} {
		if probe.serve(tt.req); probe.fell == tt.fast {
			t.Errorf("%s: answered before echo = %v, want %v", tt.name, !probe.fell, tt.fast)
		}
	}

	must(f.svc.UpdateClaim(context.Background(), editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "Forensic analysis found splices", Version: f.open.Version}))(t)
	rec := probe.serve(anonymous(http.MethodGet, "/stories/leaked-audio"))
	if !probe.fell || !strings.Contains(rec.Body.String(), "Forensic analysis found splices") {
		t.Error("after a write the reader was answered from the dropped page")
	}
	if probe.serve(anonymous(http.MethodGet, "/stories/leaked-audio")); probe.fell {
		t.Error("the page rendered after the write was not answered before echo")
	}
	f.clock.Advance(pageMaxAge)
	if probe.serve(anonymous(http.MethodGet, "/stories/leaked-audio")); !probe.fell {
		t.Error("a page past its max age was answered before echo")
	}
}

func TestCachedPages_SignedInEditorGetsTheirOwnPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, csvc, asvc := newTestServer(t, db)
		must(csvc.CreateStory(context.Background(), claims.ActorDemo, claims.NewStory{Slug: "vote", Title: "Vote", Published: true}))(t)
		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		anon := serve(h, httptest.NewRequest(http.MethodGet, "/stories/vote", nil)) // fills the cache
		if anon.StatusCode != http.StatusOK || strings.Contains(readAll(t, anon.Body), view.EditStoryURL("vote")) {
			t.Fatal("the anonymous page is missing or carries the editor's link")
		}
		req := httptest.NewRequest(http.MethodGet, "/stories/vote", nil)
		req.AddCookie(cookie)
		if body := readAll(t, serve(h, req).Body); !strings.Contains(body, view.EditStoryURL("vote")) {
			t.Error("a signed-in editor was handed the cached anonymous page")
		}
	})
}

func TestCachedPages_CountedAndLoggedUnderTheirRoute(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	m := metrics.New()
	f.srv.metrics, f.srv.reader.Metrics = m, m
	h := f.srv.Handler()
	for range 3 {
		serve(h, httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil))
		serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
	}
	body := readAll(t, serve(m.Handler(""), httptest.NewRequest(http.MethodGet, "/metrics", nil)).Body)
	for _, want := range []string{
		`claimtrack_http_requests_total{code="200",method="GET",route="/stories/:slug"} 3`,
		`claimtrack_http_requests_total{code="200",method="GET",route="/"} 3`,
		`claimtrack_page_renders_total{page="story"} 1`,
		`claimtrack_page_renders_total{page="index"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	lines := strings.Count(f.logs.String(), `msg=request method=GET path=/stories/leaked-audio status=200`)
	ids := regexp.MustCompile(`path=/stories/leaked-audio status=200 duration=\S+ bytes=\d+ request_id=[0-9a-f]{12}-\w+`).FindAllString(f.logs.String(), -1)
	if lines != 3 || len(ids) != 3 {
		t.Errorf("access log: %d lines of the story page, %d with a request id, want 3:\n%s", lines, len(ids), f.logs.String())
	}
}
