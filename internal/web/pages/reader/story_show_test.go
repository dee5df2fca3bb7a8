package reader

import (
	"net/http"
	"strings"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/pagetest"
)

func TestStoryShow_AnswersPublishedStoriesAnd404ForOthers(t *testing.T) {
	r := newStoryRoom(t)
	for target, want := range map[string]int{
		"/stories/water-bill": http.StatusOK,
		"/stories/draft-plan": http.StatusNotFound, // a draft, to readers
		"/stories/no-such":    http.StatusNotFound,
		"/stories/Not_A_Slug": http.StatusNotFound,
	} {
		if w := r.Do(t, http.MethodGet, target, nil); w.Code != want {
			t.Errorf("GET %s = %d, want %d", target, w.Code, want)
		}
	}
	if r.story.reads != 3 {
		t.Errorf("%d story reads, want 3: a slug that cannot be one is refused without a read", r.story.reads)
	}
}

func TestStoryShow_LeadsWithWhatRemainsUnresolved(t *testing.T) {
	w := newStoryRoom(t).Do(t, http.MethodGet, "/stories/water-bill", nil)
	d := pagetest.Doc(t, w)
	if got := pagetest.Text(d, "h1"); got != "The water bill" {
		t.Errorf("heading = %q", got)
	}
	if got := pagetest.Text(d, ".statusline strong"); got != "1 of 2" {
		t.Errorf("status line counts %q, want 1 of 2", got)
	}
	open := d.Find("#unresolved .cards > li")
	if open.Length() != 1 || !strings.Contains(open.Text(), "The bill doubles prices") {
		t.Errorf("What remains unresolved holds %d cards: %q", open.Length(), open.Text())
	}
	if d.Find(`#unresolved a[href="/claims/5#follow"]`).Length() != 1 || d.Find("form#follow").Length() != 1 {
		t.Error("with alerts on, the story and its open claim should offer to follow them")
	}
	resolved := pagetest.Text(d, ".resolved")
	for _, want := range []string{"The bill passed its first reading", "The bill's own text says so.", "Eve"} {
		if !strings.Contains(resolved, want) {
			t.Errorf("Resolved lacks %q: %q", want, resolved)
		}
	}
	if d.Find(`.context a.cite[href="#source-9"]`).Text() != "The Ledger" {
		t.Error("the context's mention of The Ledger does not link to its source")
	}
	if d.Find(`#sources li#source-9`).Length() != 1 {
		t.Error("the source is not listed")
	}
	if d.Find(`link[rel="alternate"][href="/stories/water-bill/feed.atom"]`).Length() != 1 {
		t.Error("the page does not offer the story's feed")
	}
	if got, _ := d.Find(`meta[property="og:description"]`).Attr("content"); !strings.HasPrefix(got, "Unresolved: 1 of 2 claims") {
		t.Errorf("shared link says %q", got)
	}
	if d.Find(".desk-strip").Length() != 0 {
		t.Error("a reader sees the editor's strip")
	}
}

func TestStoryShow_RendersOnceThenAnswersFromTheCacheWithETagAnd304(t *testing.T) {
	r := newStoryRoom(t)
	first := r.Do(t, http.MethodGet, "/stories/water-bill", nil)
	second := r.Do(t, http.MethodGet, "/stories/water-bill", nil)
	if r.story.reads != 1 || r.renders["story"] != 1 {
		t.Errorf("two requests read the story %d times and rendered it %d, want once each", r.story.reads, r.renders["story"])
	}
	if r.cache.Get(StoryKey("water-bill")) == nil {
		t.Error("the page is not kept under StoryKey, where the fast path looks for it")
	}
	if first.Body.String() != second.Body.String() {
		t.Error("the cached answer differs from the rendered one")
	}
	h := second.Header()
	for name, want := range map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache",
		"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", h.Get("Content-Security-Policy"))
	}
	etag := h.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req := httptestRequest(http.MethodGet, "/stories/water-bill", map[string]string{"If-None-Match": etag})
	if w := r.Serve(req); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match with the page's ETag = %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
	if w := r.Do(t, http.MethodHead, "/stories/water-bill", nil); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD = %d with %d bytes, want 200 and none", w.Code, w.Body.Len())
	}
}

func TestStoryShow_EditorsGetDraftsAndTheDeskStripNeverCached(t *testing.T) {
	r := newStoryRoom(t)
	r.User = pagetest.Editor
	w := r.Do(t, http.MethodGet, "/stories/draft-plan", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("an editor's GET of a draft = %d, want 200", w.Code)
	}
	d := pagetest.Doc(t, w)
	if d.Find(`.desk-strip a[href="/editor/stories/draft-plan"]`).Length() != 1 {
		t.Error("the desk strip does not link to the story's editor")
	}
	if d.Find(`.desk-strip form[action="/editor/stories/draft-plan/publish"]`).Length() != 1 {
		t.Error("a draft's preview does not offer to publish it")
	}
	if got := w.Header().Get("Cache-Control"); got != "private, no-store" {
		t.Errorf("an editor's page Cache-Control = %q, want private, no-store", got)
	}
	r.Do(t, http.MethodGet, "/stories/water-bill", nil)
	if len(r.cache) != 0 || r.renders["story"] != 0 {
		t.Error("an editor's page went into the cache")
	}
	if w := r.Do(t, http.MethodGet, "/stories/Not_A_Slug", nil); w.Code != http.StatusNotFound {
		t.Errorf("an editor's GET of a bad slug = %d, want 404", w.Code)
	}
}

func TestStoryClaimsShow_PagesThroughOneStatusAnd404sTheRest(t *testing.T) {
	r := newStoryRoom(t)
	r.story.open = 60 // 61 disputed claims: two pages of 50
	for target, want := range map[string]int{
		"/stories/water-bill/claims?status=disputed":        http.StatusOK,
		"/stories/water-bill/claims?status=disputed&page=2": http.StatusOK,
		"/stories/water-bill/claims?status=disputed&page=3": http.StatusNotFound,
		"/stories/water-bill/claims?status=disputed&page=0": http.StatusNotFound,
		"/stories/water-bill/claims?status=disputed&page=x": http.StatusNotFound,
		"/stories/water-bill/claims?status=nonsense":        http.StatusNotFound,
		"/stories/no-such/claims?status=disputed":           http.StatusNotFound,
	} {
		if w := r.Do(t, http.MethodGet, target, nil); w.Code != want {
			t.Errorf("GET %s = %d, want %d", target, w.Code, want)
		}
	}
	d := pagetest.Doc(t, r.Do(t, http.MethodGet, "/stories/water-bill/claims?status=disputed", nil))
	if n := d.Find(".cards > li").Length(); n != 50 {
		t.Errorf("the first page lists %d claims, want 50", n)
	}
	if href, _ := d.Find(`a[rel="next"]`).Attr("href"); href != "/stories/water-bill/claims?status=disputed&page=2" {
		t.Errorf("next page = %q", href)
	}
	if got := pagetest.Text(d, ".list-range"); got != "Claims 1–50 of 61, in the story's order" {
		t.Errorf("range = %q", got)
	}
	if r.renders["story_claims"] != 2 {
		t.Errorf("%d renders of two pages asked three times, want 2", r.renders["story_claims"])
	}
}

func TestStoryShow_ListsTheFirstSourcesOfEachKindAndSaysHowManyMore(t *testing.T) {
	r := newStoryRoom(t)
	r.story.sources = 5000
	d := pagetest.Doc(t, r.Do(t, http.MethodGet, "/stories/water-bill", nil))
	if n := d.Find("#sources .source-list > li").Length(); n != claims.StorySourcesShown+1 {
		t.Errorf("the page lists %d sources, want %d wire reports and the Ledger", n, claims.StorySourcesShown)
	}
	if got := pagetest.Text(d, ".source-summary"); got != "Wire services (5,000) · Independent coverage (1)" {
		t.Errorf("summary = %q", got)
	}
	more := d.Find("#sources .group-more")
	if !strings.HasPrefix(more.Text(), "And 4,970 more") {
		t.Errorf("the wire group says %q, want how many more", more.Text())
	}
	if href, _ := more.Find("a").Attr("href"); href != "#unresolved" || d.Find("#unresolved").Length() != 1 {
		t.Errorf("the more line links to %q, want the claims, whose pages list every source", href)
	}
	if d.Find("#source-9").Length() != 1 {
		t.Error("the one independent source is left out")
	}

	r = newStoryRoom(t)
	r.story.sources = claims.StorySourcesShown
	d = pagetest.Doc(t, r.Do(t, http.MethodGet, "/stories/water-bill", nil))
	if n := d.Find("#sources .source-list > li").Length(); n != claims.StorySourcesShown+1 || d.Find(".group-more").Length() != 0 {
		t.Errorf("a story within the bound lists %d of its %d sources and says more: %q", n, claims.StorySourcesShown+1, pagetest.Text(d, ".group-more"))
	}
}

func TestIndexShow_ListsPublishedStoriesFromTheCache(t *testing.T) {
	r := newStoryRoom(t)
	for range 2 {
		w := r.Do(t, http.MethodGet, "/", nil)
		d := pagetest.Doc(t, w)
		if d.Find(`.story-list a[href="/stories/water-bill"]`).Text() != "The water bill" {
			t.Error("the story is not listed")
		}
		if got := pagetest.Text(d, ".story-list .counts"); got != "1 unresolved · 1 resolved" {
			t.Errorf("counts = %q", got)
		}
	}
	if r.story.reads != 1 || r.cache.Get(IndexKey) == nil {
		t.Errorf("the index was read %d times, want once and kept under IndexKey", r.story.reads)
	}
}
