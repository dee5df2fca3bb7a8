package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/auth"
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/metrics"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/web/pages/reader"
)

func TestStoryPage_WriteShowsOnTheWritersNextRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// Warm both cached pages first, so the test proves invalidation.
		f.get(t, "/stories/leaked-audio")
		f.get(t, "/")

		must(f.svc.UpdateClaim(ctx, editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"), Note: "Forensic analysis found splices", Version: f.open.Version}))(t)
		_, body := f.get(t, "/stories/leaked-audio")
		story := parse(t, body)
		if strings.Contains(textOf(story.Find("section#unresolved li.card")), "The recording is authentic") {
			t.Error("the refuted claim is still listed as unresolved")
		}
		if !strings.Contains(textOf(story.Find("#resolved-h").Closest("section")), "Forensic analysis found splices") {
			t.Error("the refuted claim is not under Resolved with its note")
		}
		_, index := f.get(t, "/")
		checkPage(t, "the index after the write", parse(t, index), nil, []string{"1 unresolved", "2 resolved"}, nil)

		unpublished := false
		must(f.svc.UpdateStory(ctx, editor, "leaked-audio", claims.StoryPatch{Published: &unpublished, Version: f.story.Version}))(t)
		if status, _ := f.get(t, "/stories/leaked-audio"); status != http.StatusNotFound {
			t.Errorf("unpublished story answers %d, want 404", status)
		}
		if _, index := f.get(t, "/"); parse(t, index).Find(`a[href="/stories/leaked-audio"]`).Length() != 0 {
			t.Error("the index still links the unpublished story")
		}
	})
}

func TestStoryPage_WriteFromAnotherInstanceShowsAfterMaxAge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		other := claims.NewService(db, claims.DefaultVocabulary(), f.clock.Now) // not wired to this server's cache
		f.get(t, "/stories/leaked-audio")
		must(other.AddClaim(context.Background(), editor, f.story.ID, claims.NewClaim{Text: "A claim added elsewhere"}))(t)

		if _, body := f.get(t, "/stories/leaked-audio"); strings.Contains(textOf(parse(t, body).Find("li.card")), "A claim added elsewhere") {
			t.Fatal("the cached page changed without a notification; the test proves nothing")
		}
		f.clock.Advance(pageMaxAge + time.Second)
		if _, body := f.get(t, "/stories/leaked-audio"); !strings.Contains(textOf(parse(t, body).Find("li.card")), "A claim added elsewhere") {
			t.Error("the page is still served from the cache after its max age")
		}
	})
}

func TestCachedPages_GzipAndConditionalRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, u := range []string{"/stories/leaked-audio", "/"} {
			t.Run(u, func(t *testing.T) {
				plain := f.do(t, http.MethodGet, u, nil)
				plainBody := readAll(t, plain.Body)
				if plain.Header.Get("Content-Encoding") != "" || plain.Header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("plain response headers = %v", plain.Header)
				}
				etag := plain.Header.Get("ETag")
				if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
					t.Fatalf("ETag %q is not a strong tag", etag)
				}

				zipped := f.do(t, http.MethodGet, u, map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
				if zipped.Header.Get("Content-Encoding") != "gzip" {
					t.Fatalf("Content-Encoding %q, want gzip", zipped.Header.Get("Content-Encoding"))
				}
				zr, err := gzip.NewReader(zipped.Body)
				if err != nil {
					t.Fatal(err)
				}
				if unzipped := readAll(t, zr); unzipped != plainBody {
					t.Error("the gzip body differs from the plain one")
				}

				refused := f.do(t, http.MethodGet, u, map[string]string{"Accept-Encoding": "gzip;q=0, identity"})
				if refused.Header.Get("Content-Encoding") != "" {
					t.Error("gzip sent although the client refused it with q=0")
				}

				for _, tag := range []string{etag, zipped.Header.Get("ETag")} {
					res := f.do(t, http.MethodGet, u, map[string]string{"If-None-Match": tag})
					if res.StatusCode != http.StatusNotModified || readAll(t, res.Body) != "" {
						t.Errorf("If-None-Match %s: status %d, want 304 without a body", tag, res.StatusCode)
					}
				}
				if res := f.do(t, http.MethodGet, u, map[string]string{"If-None-Match": `"stale"`}); res.StatusCode != http.StatusOK {
					t.Errorf("a stale ETag answers %d, want 200", res.StatusCode)
				}
			})
		}
	})
}

func TestCachedStoryPage_ChangesETagWhenTheStoryChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before := f.do(t, http.MethodGet, "/stories/leaked-audio", nil).Header.Get("ETag")
		must(f.svc.AddEvidence(context.Background(), editor, f.stale.ID, claims.NewEvidence{Summary: "A leaked memo", Stance: "supports"}))(t)
		res := f.do(t, http.MethodGet, "/stories/leaked-audio", map[string]string{"If-None-Match": before})
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == before {
			t.Errorf("after a write: status %d, ETag %s (was %s); want 200 with a new tag", res.StatusCode, res.Header.Get("ETag"), before)
		}
	})
}

func TestStaticAssets_AreCachedForAYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		res := f.do(t, http.MethodGet, f.srv.assets.cssURL, map[string]string{"Accept-Encoding": "gzip"})
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control %q", got)
		}
		if res.Header.Get("Content-Type") != "text/css; charset=utf-8" || res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("headers = %v", res.Header)
		}
		_, page := f.get(t, "/stories/leaked-audio")
		if parse(t, page).Find(fmt.Sprintf(`link[rel="stylesheet"][href="%s"]`, f.srv.assets.cssURL)).Length() != 1 {
			t.Error("the page does not link the fingerprinted stylesheet")
		}
	})
}

func TestStoryPage_StaysSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		_, page := f.get(t, "/stories/leaked-audio")
		css := f.do(t, http.MethodGet, f.srv.assets.cssURL, nil)
		var buf bytes.Buffer
		n, _ := io.Copy(&buf, css.Body)
		if total := len(page) + int(n); total > 50*1024 {
			t.Errorf("story page and stylesheet weigh %d bytes, want under 50 KB", total)
		}
	})
}

func TestPageCache_DoesNotStoreAPageReadBeforeAWriteCommitted(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	p, err := pc.Fill("some-story", func() (int64, []byte, error) {
		pc.drop(claims.WholeStory(7)) // a write commits while the page is being rendered
		return 7, []byte("<p>old data</p>"), nil
	})
	if err != nil || p == nil {
		t.Fatalf("fill = %v, %v", p, err)
	}
	if pc.Get("some-story") != nil {
		t.Error("a page rendered across a write was cached; the writer would read stale data")
	}
	if _, err := pc.Fill("some-story", func() (int64, []byte, error) { return 7, []byte("<p>new</p>"), nil }); err != nil {
		t.Fatal(err)
	}
	if pc.Get("some-story") == nil {
		t.Error("a page rendered without an intervening write was not cached")
	}
	pc.drop(claims.WholeStory(8))
	if pc.Get("some-story") == nil {
		t.Error("a write to another story dropped this one")
	}
	pc.drop(claims.WholeStory(7))
	if pc.Get("some-story") != nil {
		t.Error("a write to the story left its page cached")
	}
}

// TestPageCache_ForgetsExpiredPagesOfQuietStories: a page per claim of a
// story nobody writes to would otherwise stay in memory for good.
func TestPageCache_ForgetsExpiredPagesOfQuietStories(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	fill := func(key string) {
		t.Helper()
		if _, err := pc.Fill(key, func() (int64, []byte, error) { return 7, []byte("<p>" + key + "</p>"), nil }); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 100 {
		fill(fmt.Sprintf("/claims/%d", i))
	}
	now = now.Add(2 * time.Minute)
	fill("/claims/100")
	pc.mu.RLock()
	held := len(pc.pages)
	pc.mu.RUnlock()
	if held != 1 {
		t.Errorf("after every page expired and one more was stored, the cache holds %d pages, want 1", held)
	}
	if pc.Get("/claims/100") == nil {
		t.Error("the page stored last is gone")
	}
}

// TestPageCache_WritesToOtherStoriesDoNotKeepAPageOut: with writes to many
// stories a second, a render that waited for any write to pass would
// rarely be kept; once the cache knows the story a key shows, only that
// story's writes (and a drop of everything) keep its render out.
func TestPageCache_WritesToOtherStoriesDoNotKeepAPageOut(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	renders := 0
	render := func(during func()) func() (int64, []byte, error) {
		return func() (int64, []byte, error) {
			renders++
			during()
			return 7, []byte("<p>story 7</p>"), nil
		}
	}
	fill := func(during func()) {
		t.Helper()
		if _, err := pc.Fill("story-seven", render(during)); err != nil {
			t.Fatal(err)
		}
	}

	// The first render cannot tell which story the key shows.
	fill(func() { pc.drop(claims.WholeStory(8)) })
	if pc.Get("story-seven") != nil {
		t.Fatal("a first render across another story's write was kept, before the key's story was known")
	}
	fill(func() { pc.drop(claims.WholeStory(8)) })
	if pc.Get("story-seven") == nil {
		t.Error("a render across another story's write was not kept, though the key's story is known")
	}

	pc.drop(claims.WholeStory(7))
	fill(func() { pc.drop(claims.WholeStory(7)) })
	if pc.Get("story-seven") != nil {
		t.Error("a render across its own story's write was kept")
	}
	fill(func() { pc.dropAll() })
	if pc.Get("story-seven") != nil {
		t.Error("a render across a drop of every page was kept")
	}
	fill(func() {})
	if pc.Get("story-seven") == nil || renders != 5 {
		t.Errorf("renders = %d, page kept = %v; want 5 and kept", renders, pc.Get("story-seven") != nil)
	}
}

// TestPageCache_IndexWaitsForEveryWrite: a page about no one story (the
// index counts every story's claims) is kept only when no write at all
// passed during its render.
func TestPageCache_IndexWaitsForEveryWrite(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	for range 2 {
		if _, err := pc.Fill(reader.IndexKey, func() (int64, []byte, error) {
			pc.drop(claims.WholeStory(8))
			return 0, []byte("<p>index</p>"), nil
		}); err != nil {
			t.Fatal(err)
		}
		if pc.Get(reader.IndexKey) != nil {
			t.Fatal("the index rendered across a write was kept")
		}
	}
}

// TestPageCache_CountsRendersOfARevisionAlreadyKept: the metric that shows
// "at most one render per revision" counts a render only when its key was
// already kept at the same revision, which happens when the page expired,
// and never after a write.
func TestPageCache_CountsRendersOfARevisionAlreadyKept(t *testing.T) {
	now := time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC)
	pc := newPageCache(func() time.Time { return now }, time.Minute)
	repeats := 0
	pc.rerendered = func() { repeats++ }
	fill := func(key string, story int64) {
		t.Helper()
		if _, err := pc.Fill(key, func() (int64, []byte, error) { return story, []byte("<p>page</p>"), nil }); err != nil {
			t.Fatal(err)
		}
	}
	fill("story-seven", 7)
	fill("", 0)
	// A request that missed the cache just before that render was stored
	// gets the stored page, not a render of its own.
	if _, err := pc.Fill("story-seven", func() (int64, []byte, error) {
		t.Error("a page kept at this revision was rendered again")
		return 7, nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		pc.drop(claims.WholeStory(7))
		fill("story-seven", 7)
		fill("", 0)
		pc.drop(claims.WholeStory(8)) // another story's write: the index changes, story 7 does not
		fill("", 0)
	}
	if repeats != 0 {
		t.Fatalf("%d renders counted again, though every render followed a write to what it shows", repeats)
	}
	now = now.Add(2 * time.Minute) // both pages expire unchanged
	fill("story-seven", 7)
	fill("", 0)
	if repeats != 2 {
		t.Errorf("%d renders counted again after both pages expired unchanged; want 2", repeats)
	}
}

// countedFixture is the fixture with metrics on and a count of the
// statements sent to the database.
type countedFixture struct {
	*fixture
	statements atomic.Int64
}

func newCountedFixture(t *testing.T, db *store.DB) *countedFixture {
	t.Helper()
	f := &countedFixture{fixture: newFixture(t, db)}
	f.srv.metrics = metrics.New()
	f.srv.api.Metrics = f.srv.metrics    // the API counts its renders too
	f.srv.reader.Metrics = f.srv.metrics // and so do the reader's pages
	if err := db.OnStatement(func(context.Context) { f.statements.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return f
}

// cost GETs target and returns its status, body and how many statements it
// sent.
func (f *countedFixture) cost(t *testing.T, target string) (int, string, int64) {
	t.Helper()
	before := f.statements.Load()
	status, body := f.get(t, target)
	return status, body, f.statements.Load() - before
}

// renders reads claimtrack_page_renders_total{page=page} from /metrics.
func (f *countedFixture) renders(t *testing.T, page string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	f.srv.metrics.Handler("").ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	m := regexp.MustCompile(`(?m)^claimtrack_page_renders_total\{page="` + page + `"\} (\d+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestCachedReads_RenderOncePerRevisionAndFollowEveryWrite: the story page,
// ClaimReview and a reader's export are each rendered once, then served
// without touching the database, until a write to the story; the writer's
// next read shows the write.
func TestCachedReads_RenderOncePerRevisionAndFollowEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		reads := []struct{ target, page, before, after string }{
			{"/stories/leaked-audio", "story", "What remains unresolved", "Splices found"},
			{"/api/v1/claimreview", "claimreview", "The petition passed 1,000 signatures", "The recording is authentic"},
			{"/api/v1/stories/leaked-audio/export", "export", "status: disputed", "status: refuted"},
		}
		for _, r := range reads {
			for i := range 3 {
				status, body, n := f.cost(t, r.target)
				if status != http.StatusOK || !strings.Contains(body, r.before) {
					t.Fatalf("GET %s = %d, lacks %q:\n%s", r.target, status, r.before, body)
				}
				if i > 0 && n != 0 {
					t.Errorf("GET %s again cost %d statements, want 0 (cached)", r.target, n)
				}
			}
			if got := f.renders(t, r.page); got != 1 {
				t.Errorf("%s rendered %d times for one revision, want 1", r.page, got)
			}
		}

		must(f.svc.UpdateClaim(context.Background(), editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Splices found", Version: f.open.Version}))(t)
		for _, r := range reads {
			if _, body := f.get(t, r.target); !strings.Contains(body, r.after) {
				t.Errorf("after the write GET %s lacks %q", r.target, r.after)
			}
			if got := f.renders(t, r.page); got != 2 {
				t.Errorf("%s rendered %d times for two revisions, want 2", r.page, got)
			}
		}

		// An editor's export is whole and never cached.
		res := f.do(t, http.MethodGet, "/api/v1/stories/draft-story/export", nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("a reader's export of a draft: %d, want 404", res.StatusCode)
		}
	})
}

// TestClaimReview_PagedByNextAndMadeUpCursorsAreNotKept follows next
// through every page, and checks that a cursor nobody was handed is
// answered but not kept in memory.
func TestClaimReview_PagedByNextAndMadeUpCursorsAreNotKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		ctx := context.Background()
		var want []string
		for i := range 5 {
			c := f.addClaim(t, f.story.ID, fmt.Sprintf("Resolved claim %d", i), "investigating", "")
			must(f.svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"), Note: "Settled", Version: c.Version}))(t)
			want = append([]string{c.Text}, want...)
		}
		want = append(want, f.settled.Text)

		var got []string
		for target := "/api/v1/claimreview?limit=2"; ; {
			status, body := f.get(t, target)
			var page struct {
				Items []struct {
					ClaimReviewed string `json:"claimReviewed"`
				}
				Next *string
			}
			if err := json.Unmarshal([]byte(body), &page); err != nil || status != http.StatusOK || len(page.Items) > 2 {
				t.Fatalf("GET %s = %d, %v:\n%s", target, status, err, body)
			}
			for _, it := range page.Items {
				got = append(got, it.ClaimReviewed)
			}
			if page.Next == nil {
				break
			}
			target = "/api/v1/claimreview?limit=2&before=" + *page.Next
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("following next gave\n  %q\nwant, newest first,\n  %q", got, want)
		}

		f.get(t, "/api/v1/claimreview")
		for range 2 {
			if _, _, n := f.cost(t, "/api/v1/claimreview?before=999999"); n == 0 {
				t.Error("a made-up cursor's page was kept in the cache")
			}
		}
	})
}

// corpusSize is how much a seeded database holds.
type corpusSize struct {
	stories, claims, events int // claims per story, extra events per claim
	long                    int // more public events on the resolved claim
}

// seededSite is a server over a database of published stories in which
// every third claim is resolved, every claim has a source and evidence, and
// timelines carry extra notes.
type seededSite struct {
	h      http.Handler
	cookie *http.Cookie // an editor's session
	slug   string       // the first story
	open   int64        // an open claim of it
	closed int64        // a resolved claim of it
	before int64        // an event of the resolved claim, to page its timeline back from
	source int64
	count  atomic.Int64 // statements sent so far
}

func seedSite(t *testing.T, db *store.DB, size corpusSize) *seededSite {
	t.Helper()
	ctx := context.Background()
	_, h, svc, asvc := newTestServer(t, db)
	s := &seededSite{h: h}
	for i := range size.stories {
		st := must(svc.CreateStory(ctx, editor, claims.NewStory{Title: fmt.Sprintf("Story %d", i), Published: true,
			Summary: "A story with many claims."}))(t)
		if i == 0 {
			s.slug = st.Slug
		}
		for j := range size.claims {
			c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: fmt.Sprintf("Claim %d of story %d", j, i),
				Status: "investigating", WhatWouldSettle: "A document"}))(t)
			ls := must(svc.LinkSource(ctx, editor, c.ID, claims.NewSourceLink{URL: fmt.Sprintf("https://news.example.org/%d/%d", i, j),
				Outlet: "Example News", OutletKind: "independent", Title: "Report", Stance: "supports"}))(t)
			must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: "A report", Stance: "supports"}))(t)
			for k := range size.events {
				must(svc.AddNote(ctx, editor, c.ID, fmt.Sprintf("Note %d", k)))(t)
			}
			if j%3 == 1 {
				c = must(svc.UpdateClaim(ctx, editor, c.ID, claims.ClaimPatch{Status: ptr("confirmed"),
					Note: "The document was published", Version: c.Version}))(t)
				for k := range size.events {
					n := must(svc.AddNote(ctx, editor, c.ID, fmt.Sprintf("Later note %d", k)))(t)
					must(svc.AddEvidence(ctx, editor, c.ID, claims.NewEvidence{Summary: fmt.Sprintf("Later report %d", k), Stance: "context"}))(t)
					if i == 0 && k == 0 {
						s.before = n.ID
					}
				}
			}
			if i == 0 && j == 1 {
				seedLongTimeline(t, svc, c, size.long)
			}
			if i == 0 && j == 0 {
				s.open, s.source = c.ID, ls.ID
			}
			if i == 0 && j == 1 {
				s.closed = c.ID
			}
		}
	}
	s.cookie = loginAs(t, h, asvc, auth.RoleEditor)
	if err := db.OnStatement(func(context.Context) { s.count.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return s
}

// seedLongTimeline gives a claim n more public events, status changes
// that leave it as it is, more than a page of its timeline holds.
func seedLongTimeline(t *testing.T, svc *claims.Service, c *claims.Claim, n int) {
	t.Helper()
	to := []string{"disputed", c.Status}
	for k := range n {
		c = must(svc.UpdateClaim(context.Background(), editor, c.ID, claims.ClaimPatch{Status: &to[k%2],
			Note: fmt.Sprintf("Reconsidered %d", k), Version: c.Version}))(t)
	}
}

// statements returns how many statements one GET of target costs, cold (the
// page cache empty for it), and its status.
func (s *seededSite) statements(t *testing.T, target string, signedIn bool) (int64, int) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if signedIn {
		req.AddCookie(s.cookie)
	}
	before := s.count.Load()
	res := serve(s.h, req)
	res.Body.Close()
	return s.count.Load() - before, res.StatusCode
}

// TestQueryCount_NoPageCostsMoreQueriesForMoreData reads every public page,
// the API's lists and the editor's dashboard on a small and a larger
// database, and fails when a page's query count grows with the number of
// stories, claims or events.
func TestQueryCount_NoPageCostsMoreQueriesForMoreData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.DB) {
		var small, large *seededSite
		var dbSmall, dbLarge *store.DB
		if strings.Contains(t.Name(), "postgres") {
			dbSmall, dbLarge = storetest.Postgres(t), storetest.Postgres(t)
		} else {
			dbSmall, dbLarge = storetest.SQLite(t), storetest.SQLite(t)
		}
		small = seedSite(t, dbSmall, corpusSize{stories: 2, claims: 3, events: 1})
		large = seedSite(t, dbLarge, corpusSize{stories: 6, claims: 9, events: 6, long: 3 * claims.TimelinePageSize})
		routes := []struct {
			path     func(s *seededSite) string
			signedIn bool
		}{
			{func(*seededSite) string { return "/" }, false},
			{func(s *seededSite) string { return "/stories/" + s.slug }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.open) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d?before=%d", s.closed, s.before) }, false},
			{func(*seededSite) string { return "/feeds/resolved.atom" }, false},
			{func(s *seededSite) string { return "/stories/" + s.slug + "/feed.atom" }, false},
			{func(*seededSite) string { return "/api/v1/stories" }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d/timeline", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d/sources", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claims/%d/history", s.closed) }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/sources/%d", s.source) }, false},
			{func(*seededSite) string { return "/api/v1/claimreview" }, false},
			{func(s *seededSite) string { return fmt.Sprintf("/api/v1/claimreview?limit=1&before=%d", s.closed+1) }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug + "/export" }, false},
			{func(s *seededSite) string { return "/api/v1/stories/" + s.slug + "/export" }, true},
			{func(*seededSite) string { return "/api/v1/review" }, true},
			{func(*seededSite) string { return "/editor" }, true},
			{func(s *seededSite) string { return "/editor/stories/" + s.slug }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/editor/claims/%d", s.closed) }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/editor/claims/%d?before=%d", s.closed, s.before) }, true},
			{func(s *seededSite) string { return fmt.Sprintf("/claims/%d", s.closed) }, true},
		}
		var grows []string
		for _, r := range routes {
			a, sa := small.statements(t, r.path(small), r.signedIn)
			b, sb := large.statements(t, r.path(large), r.signedIn)
			if sa != http.StatusOK || sb != http.StatusOK {
				t.Errorf("GET %s = %d and %d, want 200", r.path(small), sa, sb)
				continue
			}
			t.Logf("%-32s %3d statements small, %3d large", r.path(small), a, b)
			if a != b {
				grows = append(grows, fmt.Sprintf("%s: %d -> %d", r.path(small), a, b))
			}
		}
		sort.Strings(grows)
		if len(grows) > 0 {
			t.Errorf("query counts that grow with the data (2x3 claims, 1 note each -> 6x9, 6 notes and evidence each, one claim with 150 more events):\n  %s",
				strings.Join(grows, "\n  "))
		}
	})
}

// discard is a ResponseWriter that keeps nothing, so the benchmark measures
// the server, not a recorder's buffer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkStoryPageCached serves the cached story page to an anonymous
// reader, with the access log and metrics off, and on as the binary runs
// (the log batched, here to io.Discard).
func BenchmarkStoryPageCached(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	h := f.srv.Handler()
	for _, log := range []bool{false, true} {
		for _, enc := range []string{"identity", "gzip"} {
			name := enc
			if log {
				name += "/log"
			}
			b.Run(name, func(b *testing.B) {
				f.srv.accessLog = log
				f.srv.log = slog.New(slog.NewTextHandler(io.Discard, nil))
				f.srv.accessLines = newAccessLines(io.Discard, false)
				f.srv.metrics = nil
				if log {
					f.srv.metrics = metrics.New()
				}
				req := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
				req.Header.Set("Accept-Encoding", enc)
				w := &discard{h: http.Header{}}
				h.ServeHTTP(w, req) // fill the cache
				b.ReportAllocs()
				b.ResetTimer()
				for b.Loop() {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		}
	}
}

// A reader's claim page is rendered once and then served without the
// database until a write to its story; another story's write keeps it, and
// the writer's next read shows the write.
func TestClaimPage_RenderedOncePerStoryRevisionAndFollowsEveryWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newCountedFixture(t, db)
		ctx := context.Background()
		target := fmt.Sprintf("/claims/%d", f.open.ID)
		for i := range 3 {
			status, body, n := f.cost(t, target)
			if status != http.StatusOK || !strings.Contains(body, "Two outlets report the clip was edited") {
				t.Fatalf("GET %s = %d, lacks its evidence:\n%s", target, status, body)
			}
			if i > 0 && n != 0 {
				t.Errorf("GET %s again cost %d statements, want 0 (cached)", target, n)
			}
		}
		if got := f.renders(t, "claim"); got != 1 {
			t.Errorf("the claim page rendered %d times for one revision, want 1", got)
		}

		f.addClaim(t, f.draft.ID, "A claim of another story", "unverified", "")
		if _, _, n := f.cost(t, target); n != 0 {
			t.Errorf("after another story's write the claim page cost %d statements, want 0 (still cached)", n)
		}

		must(f.svc.UpdateClaim(ctx, editor, f.open.ID, claims.ClaimPatch{Status: ptr("refuted"),
			Note: "Splices found in the recording", Version: f.open.Version}))(t)
		if _, body := f.get(t, target); !strings.Contains(body, "Splices found in the recording") {
			t.Error("the writer's next read of the claim page lacks the status change's note")
		}
		must(f.svc.AddEvidence(ctx, editor, f.open.ID, claims.NewEvidence{Summary: "A lab confirmed the splices", Stance: "disputes"}))(t)
		if _, body := f.get(t, target); !strings.Contains(body, "A lab confirmed the splices") {
			t.Error("the writer's next read of the claim page lacks the new evidence")
		}
		if got := f.renders(t, "claim"); got != 3 {
			t.Errorf("the claim page rendered %d times for three revisions, want 3", got)
		}

		// Earlier pages of the timeline are read afresh.
		res := f.do(t, http.MethodGet, target+"?before=1", nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s?before=1 = %d, want 404 (no events before the first)", target, res.StatusCode)
		}
		if _, _, n := f.cost(t, target+fmt.Sprintf("?before=%d", 1<<40)); n == 0 {
			t.Error("an earlier page of the timeline was served from the cache")
		}
	})
}

// An editor's claim page (its link to the claim editor, the claims of
// drafts) is never kept, and never handed to a reader.
func TestClaimPage_EditorsPageIsNeitherKeptNorShownToReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, h, svc, asvc := newTestServer(t, db)
		ctx := context.Background()
		st := must(svc.CreateStory(ctx, editor, claims.NewStory{Slug: "published", Title: "Published story", Published: true}))(t)
		c := must(svc.AddClaim(ctx, editor, st.ID, claims.NewClaim{Text: "The bridge is closed", Status: "unverified"}))(t)
		draft := must(svc.CreateStory(ctx, editor, claims.NewStory{Slug: "draft", Title: "Draft story"}))(t)
		hidden := must(svc.AddClaim(ctx, editor, draft.ID, claims.NewClaim{Text: "A claim of a draft", Status: "unverified"}))(t)
		cookie := loginAs(t, h, asvc, auth.RoleEditor)
		get := func(target string, signedIn bool) (int, string) {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			if signedIn {
				req.AddCookie(cookie)
			}
			res := serve(h, req)
			return res.StatusCode, readAll(t, res.Body)
		}

		for _, target := range []string{fmt.Sprintf("/claims/%d", c.ID), fmt.Sprintf("/claims/%d", hidden.ID)} {
			get(target, false) // a reader first, so a cached page exists when there is one
			status, body := get(target, true)
			if status != http.StatusOK || !strings.Contains(body, "desk-strip") {
				t.Errorf("the editor's GET %s = %d, without the link to the claim editor", target, status)
			}
			status, body = get(target, false)
			if strings.Contains(body, "desk-strip") || strings.Contains(body, "A claim of a draft") {
				t.Errorf("a reader's GET %s after the editor's (%d) shows the editor's page", target, status)
			}
		}
		if status, _ := get(fmt.Sprintf("/claims/%d", hidden.ID), false); status != http.StatusNotFound {
			t.Errorf("a reader's GET of a draft's claim = %d, want 404", status)
		}
	})
}

// BenchmarkFastPageParallel serves the cached story page from every core at
// once, access log and metrics on, as under load: what the requests share
// (locks, counters, the log's buffer) costs here and not in a single loop.
func BenchmarkFastPageParallel(b *testing.B) {
	f := newFixture(b, storetest.SQLite(b))
	h := f.srv.Handler()
	f.srv.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	f.srv.accessLines = newAccessLines(io.Discard, false)
	f.srv.metrics = metrics.New()
	f.srv.reader.Metrics = f.srv.metrics
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			fill := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
			h.ServeHTTP(&discard{h: http.Header{}}, fill)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, "/stories/leaked-audio", nil)
				req.Header.Set("Accept-Encoding", enc)
				w := &discard{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					h.ServeHTTP(w, req)
				}
			})
		})
	}
}
