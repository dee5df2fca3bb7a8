package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/labstack/echo/v4"
)

func TestRequestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cases := []struct {
			name, sent string
			kept       bool
		}{
			{"a well-formed id from a proxy is kept", "edge-42.abc", true},
			{"a missing id is generated", "", false},
			{"an id with log syntax is replaced", `x" level=ERROR msg="forged`, false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := map[string]string{}
				if tc.sent != "" {
					h["X-Request-Id"] = tc.sent
				}
				got := f.do(t, http.MethodGet, "/stories/no-such-story", h).Header.Get("X-Request-Id")
				if got == "" || (got == tc.sent) != tc.kept {
					t.Errorf("X-Request-Id = %q (sent %q)", got, tc.sent)
				}
				if !strings.Contains(f.logs.String(), "request_id="+got) {
					t.Errorf("no log line carries request id %q", got)
				}
			})
		}
	})
}

func TestAccessLog_UserTextCannotForgeLogLines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before := strings.Count(f.logs.String(), "\n")
		f.do(t, http.MethodGet, "/stories/x%0Atime=2025-01-01%20level=ERROR%20msg=forged", nil)
		logs := f.logs.String()
		if after := strings.Count(logs, "\n"); after != before+1 {
			t.Errorf("one request wrote %d log lines, want 1:\n%s", after-before, logs)
		}
		for _, line := range strings.Split(logs, "\n") {
			if strings.HasPrefix(line, "time=2025-01-01") {
				t.Errorf("forged line in the log: %q", line)
			}
		}
		if !strings.Contains(logs, "status=404") || !strings.Contains(logs, "method=GET") || !strings.Contains(logs, "duration=") {
			t.Errorf("access log lacks status, method or duration:\n%s", logs)
		}
	})
}

func TestPanicInAHandler_ShowsAnErrorPageWithTheRequestID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.srv.echo.GET("/boom", func(echo.Context) error { panic("kaboom") })
		f.srv.echo.GET("/api/v1/boom", func(echo.Context) error { return errors.New("db password=hunter2 leaked in an error") })

		res := f.do(t, http.MethodGet, "/boom", map[string]string{"X-Request-Id": "req-panic-1"})
		body := readAll(t, res.Body)
		if res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "req-panic-1") || strings.Contains(body, "kaboom") {
			t.Errorf("panic: status %d, body:\n%s", res.StatusCode, body)
		}
		if logs := f.logs.String(); !strings.Contains(logs, "kaboom") || !strings.Contains(logs, "request_id=req-panic-1") {
			t.Errorf("the panic is not logged with its request id:\n%s", logs)
		}

		var e apiErrorBody
		getJSON(t, f, "/api/v1/boom", http.StatusInternalServerError, &e)
		if e.Error.Code != "internal" || strings.Contains(e.Error.Message, "hunter2") {
			t.Errorf("internal error shown as %+v", e.Error)
		}
		if !strings.Contains(f.logs.String(), "hunter2") {
			t.Error("the internal error's detail is not logged")
		}
	})
}

func TestAccessLog_KeepsTheSetupTokenOutOfTheLog(t *testing.T) {
	db := storetest.SQLite(t)
	var logs bytes.Buffer
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	srv := New(Options{
		Service: claims.NewService(db, claims.DefaultVocabulary(), nil), Auth: asvc,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), AccessLog: true,
		BaseURL: "https://claims.example.org", Now: time.Now,
	})
	token, err := asvc.SetupToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/setup/"+token, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /setup/<token> = %d, want 200", rec.Code)
	}
	if strings.Contains(logs.String(), token) {
		t.Fatalf("the access log holds the one-time setup token:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "/setup/:token") {
		t.Fatalf("the access log does not record the request at all:\n%s", logs.String())
	}
}

// The batched access log must read like the slog lines it replaces, so that
// whatever parses the logs keeps working.
func TestAccessLines_ReadLikeSlogLines(t *testing.T) {
	e := accessEntry{at: time.Date(2026, 12, 7, 15, 4, 5, 123456789, time.UTC), method: "GET", path: "/stories/leaked-audio",
		status: 200, took: 1234567 * time.Nanosecond, bytes: 3600, requestID: "a1b2c3-9z"}
	odd := e
	odd.path = "/search x=\"1\"\nlevel=ERROR é"
	for _, jsonOut := range []bool{false, true} {
		for _, e := range []accessEntry{e, odd} {
			var want bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&want, nil)
			if jsonOut {
				h = slog.NewJSONHandler(&want, nil)
			}
			r := slog.NewRecord(e.at, slog.LevelInfo, "request", 0)
			r.AddAttrs(slog.String("method", e.method), slog.String("path", e.path), slog.Int("status", e.status),
				slog.Duration("duration", e.took), slog.Int64("bytes", e.bytes), slog.String("request_id", e.requestID))
			if err := h.Handle(t.Context(), r); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			a := newAccessLines(&got, jsonOut)
			a.write(e)
			if got.Len() != 0 {
				t.Errorf("a line was written before its batch was due: %q", got.String())
			}
			a.Flush()
			if got.String() != want.String() {
				t.Errorf("json=%v: line\n%s want (as slog writes it)\n%s", jsonOut, got.String(), want.String())
			}
			if strings.Count(got.String(), "\n") != 1 {
				t.Errorf("a path with a newline split the line: %q", got.String())
			}
		}
	}
}

func TestAccessLines_ReachTheirWriterWithinAFlushPeriod(t *testing.T) {
	var out syncBuffer
	a := newAccessLines(&out, false)
	a.write(accessEntry{at: time.Now(), method: "GET", path: "/", status: 200, requestID: "x-1"})
	deadline := time.Now().Add(5 * time.Second)
	for !regexp.MustCompile(`msg=request method=GET path=/ status=200`).MatchString(out.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("the line was not written: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestMetrics_RequestsAreCountedByRoutePatternNotByPath(t *testing.T) {
	db := storetest.SQLite(t)
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	st := must(svc.CreateStory(t.Context(), claims.ActorDemo, claims.NewStory{Slug: "vote", Title: "Vote", Published: true}))(t)
	c := must(svc.AddClaim(t.Context(), claims.ActorDemo, st.ID, claims.NewClaim{Text: "It passed"}))(t)
	// With accounts on, as in the app: the metrics token is not an API token.
	asvc := auth.NewService(db, nil, auth.Options{Hasher: fastHasher})
	h := New(Options{Service: svc, Auth: asvc, Logger: slog.New(slog.DiscardHandler), Metrics: metrics.New(), MetricsToken: "tok"}).Handler()

	for _, target := range []string{site.ClaimURL(c.ID), site.ClaimURL(c.ID), "/claims/999999", "/no/such/page", "/stories/vote"} {
		serve(h, mustRequest(t, http.MethodGet, target))
	}
	for _, m := range []string{"BOGUSA", "BOGUSB"} {
		serve(h, mustRequest(t, m, "/stories/vote"))
	}
	if res := serve(h, mustRequest(t, http.MethodGet, "/metrics")); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("/metrics without the token: %d, want 401", res.StatusCode)
	}
	req := mustRequest(t, http.MethodGet, "/metrics")
	req.Header.Set("Authorization", "Bearer tok")
	res := serve(h, req)
	body := readAll(t, res.Body)
	for _, want := range []string{
		`claimtrack_http_requests_total{code="200",method="GET",route="/claims/:id"} 2`,
		`claimtrack_http_requests_total{code="404",method="GET",route="/claims/:id"} 1`,
		`claimtrack_http_requests_total{code="200",method="GET",route="/stories/:slug"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics with the token: %d", res.StatusCode)
	}
	if strings.Contains(body, `route="/claims/999999"`) || strings.Contains(body, `route="/no/such/page"`) {
		t.Error("a request path became a label: every id would make a new series")
	}
	if strings.Contains(body, "BOGUS") || !strings.Contains(body, `method="other"`) {
		t.Error("a client's made-up method became a label of its own")
	}
}

func TestMetrics_WithoutATokenServedOnlyWhenTheListenerIsLoopback(t *testing.T) {
	db := storetest.SQLite(t)
	svc := claims.NewService(db, claims.DefaultVocabulary(), nil)
	for _, tt := range []struct {
		open bool
		want int
	}{{false, http.StatusUnauthorized}, {true, http.StatusOK}} {
		h := New(Options{Service: svc, Metrics: metrics.New(), MetricsOpen: tt.open}).Handler()
		res := serve(h, mustRequest(t, http.MethodGet, "/metrics"))
		body := readAll(t, res.Body)
		if res.StatusCode != tt.want {
			t.Errorf("loopback-only %v, no token: /metrics %d, want %d", tt.open, res.StatusCode, tt.want)
		}
		if !tt.open && (strings.Contains(body, "claimtrack_") || !strings.Contains(body, "CLAIMTRACK_METRICS_TOKEN")) {
			t.Errorf("the refusal shows metrics or does not say what to set:\n%s", body)
		}
	}
}

func TestAddrGroup_GroupsIPv6ByItsSlash64(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"198.51.100.7", "198.51.100.7"},
		{"2001:db8:1:2::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"::1", "::/64"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := httpx.AddrGroup(tt.addr); got != tt.want {
			t.Errorf("httpx.AddrGroup(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// v6 returns the n-th address of a /64 of the documentation range, as one
// client rotating through its own block would use.
func v6(block, n int) string { return fmt.Sprintf("[2001:db8:%x::%x]:4000", block, n+1) }

func TestLogin_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, _, asvc := newTestServerWith(t, db, auth.Options{AddressFailures: 4}, nil)
		u := createTestUser(t, asvc, auth.RoleEditor)
		for i := range 4 {
			res := postLoginFrom(t, h, v6(1, i), fmt.Sprintf("nobody%d@newsroom.example", i), "a wrong guess")
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d, want 401", i, res.StatusCode)
			}
		}
		if res := postLoginFrom(t, h, v6(1, 99), u.Email, testPassword); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("a fifth address of the same /64: %d, want 429", res.StatusCode)
		}
		if res := postLoginFrom(t, h, v6(2, 0), u.Email, testPassword); res.StatusCode != http.StatusSeeOther {
			t.Errorf("another /64: %d, want 303", res.StatusCode)
		}
	})
}

func TestSubscription_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newAlertsFixture(t, db)
		follow := func(addr string, i int) int {
			form := url.Values{"email": {fmt.Sprintf("reader%d@example.org", i)}, "story_slug": {a.story.Slug}}
			req := httptest.NewRequest(http.MethodPost, "/subscriptions", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", testOrigin)
			req.RemoteAddr = addr
			return serve(a.h, req).StatusCode
		}
		for i := range 30 {
			if got := follow(v6(1, i), i); got != http.StatusOK {
				t.Fatalf("request %d: %d, want 200", i, got)
			}
		}
		if got := follow(v6(1, 30), 30); got != http.StatusTooManyRequests {
			t.Errorf("a 31st address of the same /64: %d, want 429", got)
		}
		if got := follow(v6(2, 0), 31); got != http.StatusOK {
			t.Errorf("another /64: %d, want 200", got)
		}
	})
}

func TestLookup_IPv6ClientsRotatingThroughTheirSlash64CountAsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		h := f.srv.Handler()
		lookup := func(addr string) *http.Response {
			req := httptest.NewRequest(http.MethodGet, "/lookup?url="+url.QueryEscape("https://news.example.com/audio"), nil)
			req.RemoteAddr = addr
			return serve(h, req)
		}
		for i := range reader.LookupsPerMinute {
			if res := lookup(v6(1, i)); res.StatusCode != http.StatusOK {
				t.Fatalf("lookup %d: %d, want 200", i, res.StatusCode)
			}
		}
		res := lookup(v6(1, reader.LookupsPerMinute))
		if body := readAll(t, res.Body); res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "too many lookups") {
			t.Errorf("one lookup past the limit from the same /64: %d, want 429 saying so", res.StatusCode)
		}
		if res := lookup(v6(2, 0)); res.StatusCode != http.StatusOK {
			t.Errorf("another /64: %d, want 200", res.StatusCode)
		}
		f.clock.Advance(time.Minute)
		if res := lookup(v6(1, 0)); res.StatusCode != http.StatusOK {
			t.Errorf("a minute later: %d, want 200", res.StatusCode)
		}
	})
}

// stalledLog is a log file whose first write hangs until release is
// closed, like a pipe to a journal that stopped reading.
type stalledLog struct {
	syncBuffer
	once             sync.Once
	stalled, release chan struct{}
}

func (s *stalledLog) Write(p []byte) (int, error) {
	s.once.Do(func() { close(s.stalled); <-s.release })
	return s.syncBuffer.Write(p)
}

func TestAccessLines_RequestsDoNotWaitWhileAFullBufferIsWritten(t *testing.T) {
	out := &stalledLog{stalled: make(chan struct{}), release: make(chan struct{})}
	a := newAccessLines(out, false)
	line := func(id string) accessEntry {
		return accessEntry{at: time.Now(), method: "GET", path: "/stories/s", status: 200, requestID: id}
	}
	// The request whose line fills the buffer writes it out, and hangs
	// with the file.
	var filled sync.WaitGroup
	lines := 0
	filled.Go(func() {
		for {
			lines++
			a.write(line("fill-" + strconv.Itoa(lines)))
			select {
			case <-out.stalled:
				return
			default:
			}
		}
	})
	<-out.stalled

	other := make(chan struct{})
	go func() { a.write(line("other")); close(other) }()
	select {
	case <-other:
	case <-time.After(5 * time.Second):
		t.Fatal("another request's line waited for the stalled log file")
	}
	close(out.release)
	filled.Wait()
	a.Flush()

	var ids []string
	for _, m := range regexp.MustCompile(`request_id=(\S+)`).FindAllStringSubmatch(out.String(), -1) {
		ids = append(ids, m[1])
	}
	want := make([]string, 0, lines+1)
	for i := 1; i <= lines; i++ {
		want = append(want, "fill-"+strconv.Itoa(i))
	}
	want = append(want, "other")
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("the log holds %d lines, want %d, in order: %v", len(ids), len(want), ids)
	}
}
