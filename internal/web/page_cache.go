package web

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"golang.org/x/sync/singleflight"
)

// cachedPage is a rendered page ready to send as it is: its bytes, their
// gzip form, and the header values that go with each.
type cachedPage struct {
	storyID int64 // 0 for pages not about one story (the index)
	born    time.Time
	expires time.Time
	out     *httpx.Asset
}

// indexKey is the cache key of "/"; story pages are keyed by slug, which is
// never empty.
const indexKey = ""

// pageCache holds rendered public pages. A page is dropped when its story
// changes (the service tells us after every commit) and after maxAge, so the
// relative times in it stay honest.
type pageCache struct {
	now    func() time.Time
	maxAge time.Duration
	flight singleflight.Group

	mu    sync.RWMutex
	pages map[string]*cachedPage
	// gen counts invalidations. A page rendered from a read that began before
	// an invalidation is not stored: it may show the data the write replaced.
	gen uint64

	// blind is set while writes made through other instances may go unheard
	// (their notifications' connection is down): pages then live at most
	// blindMaxAge, so no instance shows a stale page for longer than that.
	blind atomic.Bool
}

// blindMaxAge bounds a cached page's age while other instances' writes
// cannot be heard: the issue asks every instance to show a write within 1 s.
const blindMaxAge = 900 * time.Millisecond

func newPageCache(now func() time.Time, maxAge time.Duration) *pageCache {
	return &pageCache{now: now, maxAge: maxAge, pages: map[string]*cachedPage{}}
}

// Get returns the fresh page under key, or nil.
func (pc *pageCache) Get(key string) *httpx.Asset {
	if p := pc.lookup(key); p != nil {
		return p.out
	}
	return nil
}

// lookup returns the fresh entry under key, or nil.
func (pc *pageCache) lookup(key string) *cachedPage {
	pc.mu.RLock()
	p := pc.pages[key]
	pc.mu.RUnlock()
	if p == nil {
		return nil
	}
	now := pc.now()
	if !now.Before(p.expires) || (pc.blind.Load() && now.Sub(p.born) >= blindMaxAge) {
		return nil
	}
	return p
}

// generation returns the invalidation count to pass to put.
func (pc *pageCache) generation() uint64 {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	return pc.gen
}

// put stores p unless an invalidation happened since gen was read.
func (pc *pageCache) put(key string, gen uint64, p *cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.gen == gen {
		pc.pages[key] = p
	}
}

// dropStory forgets the pages of a story and those about no one story (the
// index, which counts its claims; ClaimReview, which lists them). It is
// registered with claims.Service.OnStoryChanged.
func (pc *pageCache) dropStory(storyID int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	for k, p := range pc.pages {
		if p.storyID == storyID || p.storyID == 0 {
			delete(pc.pages, k)
		}
	}
}

// dropAll forgets every page, for when writes may have gone unheard.
func (pc *pageCache) dropAll() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	clear(pc.pages)
}

// Fill renders the page under key once however many requests miss at the
// same time, and caches it if no write intervened.
func (pc *pageCache) Fill(key string, render func() (storyID int64, body []byte, err error)) (*httpx.Asset, error) {
	return pc.FillAsset(key, func() (int64, *httpx.Asset, error) {
		id, body, err := render()
		if err != nil {
			return 0, nil, err
		}
		return id, httpx.NewPageAsset(body), nil
	})
}

// FillAsset is Fill for responses other than HTML pages, which render
// their own asset (see httpx.NewCachedAsset).
func (pc *pageCache) FillAsset(key string, render func() (storyID int64, out *httpx.Asset, err error)) (*httpx.Asset, error) {
	// The generation is part of the flight key: a request that arrives after
	// a write was announced must not join a render that began before it, or
	// the writer could be handed the page from before its own write.
	gen := pc.generation()
	v, err, _ := pc.flight.Do(key+"#"+strconv.FormatUint(gen, 10), func() (any, error) {
		id, out, err := render()
		if err != nil {
			return nil, err
		}
		now := pc.now()
		p := &cachedPage{storyID: id, born: now, expires: now.Add(pc.maxAge), out: out}
		pc.put(key, gen, p)
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*cachedPage).out, nil
}
