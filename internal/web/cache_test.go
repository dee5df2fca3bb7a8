package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
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
		pc.dropStory(7) // a write commits while the page is being rendered
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
	pc.dropStory(8)
	if pc.Get("some-story") == nil {
		t.Error("a write to another story dropped this one")
	}
	pc.dropStory(7)
	if pc.Get("some-story") != nil {
		t.Error("a write to the story left its page cached")
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
	fill(func() { pc.dropStory(8) })
	if pc.Get("story-seven") != nil {
		t.Fatal("a first render across another story's write was kept, before the key's story was known")
	}
	fill(func() { pc.dropStory(8) })
	if pc.Get("story-seven") == nil {
		t.Error("a render across another story's write was not kept, though the key's story is known")
	}

	pc.dropStory(7)
	fill(func() { pc.dropStory(7) })
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
			pc.dropStory(8)
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
		pc.dropStory(7)
		fill("story-seven", 7)
		fill("", 0)
		pc.dropStory(8) // another story's write: the index changes, story 7 does not
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
