package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/clocktest"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/store"
)

// fixture is a server over a real database holding one published story
// (with HTML in every text field a reader sees), one draft story, and a
// claim of each kind the story page sorts.
type fixture struct {
	db      *store.DB
	svc     *claims.Service
	srv     *Server
	clock   *clocktest.Clock
	logs    *syncBuffer
	story   *claims.Story
	draft   *claims.Story
	open    *claims.Claim // disputed, with evidence and sources
	stale   *claims.Claim // unverified, past its review date
	settled *claims.Claim // confirmed
	gone    *claims.Claim // withdrawn
	hidden  *claims.Claim // in the draft story
	source  *claims.LinkedSource
}

var editor = claims.Actor{UserID: 0, Name: "Dana <b>Editor</b>"}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, clock: clocktest.New(time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)), logs: &syncBuffer{}}
	f.svc = claims.NewService(db, claims.DefaultVocabulary(), f.clock.Now)
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.srv = New(Options{Service: f.svc, Logger: logger, BaseURL: "https://claims.example.org/", Now: f.clock.Now, AccessLog: true,
		Search: search.New(db, f.svc.Vocabulary(), 0, f.clock.Now)})

	f.story = must(f.svc.CreateStory(ctx, editor, claims.NewStory{
		Slug:      "leaked-audio",
		Title:     `Leaked audio <script>alert("title")</script> and tracking`,
		Summary:   `A clip said to come from a meeting <script>alert("summary")</script> circulates.`,
		Context:   []claims.QA{{Question: `What does the clip show <script>q()</script>?`, Answer: `A meeting, reportedly <script>a()</script>.`}},
		Published: true,
		Perspectives: claims.Perspectives{
			Agree: []string{"The backlash was real."},
			Split: []string{"Whether to wait for verification."},
		},
	}))(t)
	f.draft = must(f.svc.CreateStory(ctx, editor, claims.NewStory{Slug: "draft-story", Title: "Draft story not yet out"}))(t)

	f.open = f.addClaim(t, f.story.ID, `The recording is authentic <script>alert("claim")</script>`, "disputed",
		"Independent forensic analysis of the recording")
	f.stale = f.addClaim(t, f.story.ID, "Software tracked keystrokes and clicks", "unverified", "The company's own documents")
	f.settled = f.addClaim(t, f.story.ID, "The petition passed 1,000 signatures", "unverified", "")
	f.gone = f.addClaim(t, f.story.ID, "A claim entered by mistake", "unverified", "")
	f.hidden = f.addClaim(t, f.draft.ID, "Secret draft claim", "unverified", "")

	must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{
		Summary: `Two outlets report the clip was edited <script>alert("evidence")</script>`, Stance: "disputes",
	}))(t)
	f.source = must(f.svc.LinkSource(ctx, editor, f.open.ID, claims.NewSourceLink{
		URL: "https://news.example.com/audio?utm_source=x", Outlet: `Example <script>alert("outlet")</script> News`,
		OutletKind: "independent", Title: "Audio said to be from a meeting", Stance: "supports",
	}))(t)
	must(f.svc.LinkSource(ctx, editor, f.open.ID, claims.NewSourceLink{
		URL: "https://wire.example.com/story", Outlet: "Example Wire", OutletKind: "wire", Title: "Wire report", Stance: "disputes",
	}))(t)
	f.settled = must(f.svc.UpdateClaim(ctx, editor, f.settled.ID, claims.ClaimPatch{
		Status: ptr("confirmed"), Note: `Organisers published the count <script>alert("note")</script>`, Version: f.settled.Version,
	}))(t)
	past := f.clock.Now().Add(-time.Hour)
	f.stale = must(f.svc.UpdateClaim(ctx, editor, f.stale.ID, claims.ClaimPatch{ReviewBy: &past, Version: f.stale.Version}))(t)
	f.gone = must(f.svc.WithdrawClaim(ctx, editor, f.gone.ID, "Entered by mistake"))(t)
	return f
}

func (f *fixture) addClaim(t testing.TB, storyID int64, text, status, settle string) *claims.Claim {
	t.Helper()
	return must(f.svc.AddClaim(context.Background(), editor, storyID, claims.NewClaim{Text: text, Status: status, WhatWouldSettle: settle}))(t)
}

// must returns v, failing the test when err is set:
// must(svc.CreateStory(...))(t).
func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ptr[T any](v T) *T { return &v }

// do sends one request through the server's handler.
func (f *fixture) do(t testing.TB, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	validateAPI(t, f.srv.Handler()).ServeHTTP(rec, req) // checks /api/ against the document
	return rec.Result()
}

// get returns the status and body of a GET.
func (f *fixture) get(t *testing.T, target string) (int, string) {
	t.Helper()
	res := f.do(t, http.MethodGet, target, nil)
	return res.StatusCode, readAll(t, res.Body)
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// between returns the part of s from the first start marker to the next end
// marker after it, or fails.
func between(t *testing.T, s, start, end string) string {
	t.Helper()
	i := strings.Index(s, start)
	if i < 0 {
		t.Fatalf("%q not found in page", start)
	}
	s = s[i:]
	j := strings.Index(s, end)
	if j < 0 {
		t.Fatalf("%q not found after %q", end, start)
	}
	return s[:j]
}

// syncBuffer collects log output from concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// parse reads an HTML page for selector assertions, or fails.
func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("not HTML: %v", err)
	}
	return doc
}

// textOf is what a reader sees of s: its text with every run of white
// space made one space.
func textOf(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// checkPage checks a page against selectors that must match (has), texts a
// reader must see (says) and texts they must not (hides).
func checkPage(t *testing.T, where string, doc *goquery.Document, has, says, hides []string) {
	t.Helper()
	for _, sel := range has {
		if doc.Find(sel).Length() == 0 {
			t.Errorf("%s: nothing matches %s", where, sel)
		}
	}
	text := textOf(doc.Selection)
	for _, want := range says {
		if !strings.Contains(text, want) {
			t.Errorf("%s: the page does not say %q", where, want)
		}
	}
	for _, bad := range hides {
		if strings.Contains(text, bad) {
			t.Errorf("%s: the page says %q", where, bad)
		}
	}
}
