package web

import (
	"testing"
	"time"
)

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
		if _, err := pc.Fill(indexKey, func() (int64, []byte, error) {
			pc.dropStory(8)
			return 0, []byte("<p>index</p>"), nil
		}); err != nil {
			t.Fatal(err)
		}
		if pc.Get(indexKey) != nil {
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
