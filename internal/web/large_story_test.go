package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// largeStoryStatuses spreads a large story's claims over the vocabulary:
// more open than settled, as in a story still developing.
var largeStoryStatuses = []string{"unverified", "investigating", "disputed", "investigating", "disputed",
	"confirmed", "refuted", "partly_confirmed", "unverified", "inconclusive"}

// importLargeStory imports a published story of n claims, each with a
// source of its own and a piece of evidence.
func importLargeStory(t testing.TB, svc *claims.Service, slug string, n int) {
	t.Helper()
	yes := true
	f := &claims.StoryFile{Slug: slug, Title: "A story with many claims", Published: &yes,
		Summary: "An inquiry that grew to hundreds of separate claims, each tracked on its own."}
	for i := range n {
		ref := fmt.Sprintf("outlet-%d", i)
		f.Sources = append(f.Sources, claims.FileSource{Ref: ref, URL: fmt.Sprintf("https://news%d.example.org/report/%d", i%40, i),
			Outlet: fmt.Sprintf("Outlet %d", i%40), Kind: "independent", Title: fmt.Sprintf("Report number %d", i)})
		f.Claims = append(f.Claims, claims.FileClaim{
			Text:            fmt.Sprintf("Claim %d: the ministry's figures for district %d were revised after the first count", i, i),
			Status:          largeStoryStatuses[i%len(largeStoryStatuses)],
			WhatWouldSettle: "The district's own published tally",
			Sources:         []claims.FileLink{{Source: ref, Stance: "supports"}},
			Evidence:        []claims.FileEvidence{{Summary: "A reporter compared both tallies", Stance: "context"}},
		})
	}
	if _, err := svc.ImportStory(context.Background(), editor, "large.yaml", f); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkStoryPage500Claims renders a 500-claim story's page with the
// page cache bypassed: every iteration reads the database, renders the
// template and compresses the page, as the first reader after a write.
func BenchmarkStoryPage500Claims(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	f.srv.accessLog = false
	importLargeStory(b, f.svc, "large", claims.MaxStoryClaims)
	h := f.srv.Handler()
	req := httptest.NewRequest(http.MethodGet, "/stories/large", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		f.srv.pages.dropAll()
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	// On a shared machine the wall time per render says more about the
	// other processes than about this one: the CPU time it used is
	// reported beside it.
	b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/stories/large", nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET /stories/large = %d", rec.Code)
	}
	b.ReportMetric(float64(rec.Body.Len()), "page-bytes")
}

// A large story's page shows the first claims of each status as cards and
// holds so many of each in all; its claim lists have the rest.
const cardsAStatus, shownAStatus = 3, 25

// TestLargeStory_PageFoldsClaimsByStatusAndStaysSmall: a 500-claim story's
// page leads with what remains unresolved, grouped by status, shows a few
// cards of each, folds the next ones, links to the rest, and stays small;
// the links page through every claim of a status.
func TestLargeStory_PageFoldsClaimsByStatusAndStaysSmall(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	importLargeStory(t, f.svc, "large", claims.MaxStoryClaims)
	status, body := f.get(t, "/stories/large")
	if status != http.StatusOK {
		t.Fatalf("GET /stories/large = %d", status)
	}
	if len(body) > 100*1024 {
		t.Errorf("the page weighs %d bytes, want under 100 KB", len(body))
	}
	if !strings.Contains(body, "<strong>300 of 500</strong>") {
		t.Error("the status line does not count 300 of 500 claims unresolved")
	}
	unresolved := between(t, body, `id="unresolved"`, `class="follow-block"`)
	resolved := between(t, body, `id="resolved-h"`, `id="sources"`)
	for _, id := range []string{"unverified", "investigating", "disputed"} {
		if !strings.Contains(unresolved, `id="status-`+id+`"`) {
			t.Errorf("no %s group under What remains unresolved", id)
		}
	}
	if n := strings.Count(unresolved, `<li class="card `); n != 3*cardsAStatus {
		t.Errorf("%d open claims shown as cards, want %d (3 statuses)", n, 3*cardsAStatus)
	}
	if n := strings.Count(unresolved, `<details class="fold">`); n != 3 {
		t.Errorf("%d folds under What remains unresolved, want one per status", n)
	}
	if !strings.Contains(unresolved, "22 more disputed claims") || !strings.Contains(unresolved, "All 100 disputed claims (75 not shown here)") {
		t.Error("a status group does not say how many it folds and how many the list holds")
	}
	if n := strings.Count(resolved, `class="verdict-card `); n != 4*cardsAStatus {
		t.Errorf("%d verdicts shown, want %d (4 statuses)", n, 4*cardsAStatus)
	}
	if n := strings.Count(body, `href="/claims/`); n > 7*shownAStatus+10 {
		t.Errorf("the page links %d claims, want at most %d a status", n, shownAStatus)
	}

	var seen int
	for target := "/stories/large/claims?status=disputed"; target != ""; {
		status, page := f.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s = %d", target, status)
		}
		seen += strings.Count(page, `<li class="card `)
		target = ""
		if m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(page); m != nil {
			target = html.UnescapeString(m[1])
		}
	}
	if seen != 100 {
		t.Errorf("the disputed list's pages show %d claims, want all 100", seen)
	}
	for _, target := range []string{"/stories/large/claims?status=disputed&page=3", "/stories/large/claims?status=nonsense", "/stories/large/claims?status=disputed&page=0"} {
		if status, _ := f.get(t, target); status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, status)
		}
	}
}

// cpuTime is the CPU time this process has used so far (user and system).
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExport500Claims exports a 500-claim story as a reader, with the
// page cache bypassed (uncached) and kept (cached).
func BenchmarkExport500Claims(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	f.srv.accessLog = false
	importLargeStory(b, f.svc, "large", claims.MaxStoryClaims)
	h := f.srv.Handler()
	for _, cached := range []bool{false, true} {
		b.Run(map[bool]string{false: "uncached", true: "cached"}[cached], func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/stories/large/export", nil)
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req)
			b.ReportAllocs()
			for b.Loop() {
				if !cached {
					f.srv.pages.dropAll()
				}
				clear(w.h)
				h.ServeHTTP(w, req)
			}
		})
	}
}
