package web

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"golang.org/x/sync/singleflight"
)

// cachedPage is a rendered page ready to send as it is: its bytes, their
// gzip form, and the header values that go with each.
type cachedPage struct {
	storyID int64 // 0 for pages not about one story (the index)
	claimID int64 // the claim of a claim's own page; 0 for the others
	born    time.Time
	expires time.Time
	out     *httpx.Asset
}

// pageCache holds rendered public pages. A page is dropped when its story
// changes (the service tells us after every commit; a claim's own page only
// when the change is about that claim or the whole story) and after maxAge,
// so the relative times in it stay honest.
type pageCache struct {
	now    func() time.Time
	maxAge time.Duration
	flight singleflight.Group

	mu    sync.RWMutex
	pages map[string]*cachedPage
	// gen counts invalidations. A page rendered from a read that began before
	// an invalidation is not stored: it may show the data the write replaced.
	gen uint64
	// storyGen counts the invalidations of each story, and owner says which
	// story (and claim) a key's last render was about. A key whose story is
	// known waits only for its own story's writes: a busy story's writes
	// would otherwise keep every other story's renders out of the cache. A
	// claim's page waits only for the writes to its whole story and, in
	// claimGen, those naming it: a write to one claim would otherwise keep
	// its sisters' pages out. claimGen holds the claims whose pages owner
	// holds, no more.
	storyGen map[int64]storyCount
	claimGen map[int64]uint64
	owner    map[string]pageAbout
	// all counts dropAll's invalidations.
	all uint64
	// kept is the revision (see revision) each key's page was last stored
	// at, and rerendered, when set, is told of every render stored at the
	// revision its key already had: a page that expired (see maxAge and
	// blindMaxAge), never one a write made stale.
	kept       map[string]revision
	rerendered func()

	// blind is set while writes made through other instances may go unheard
	// (their notifications' connection is down): pages then live at most
	// blindMaxAge, so no instance shows a stale page for longer than that.
	blind atomic.Bool
	// pruned is when pruneLocked last ran.
	pruned time.Time
}

// blindMaxAge bounds a cached page's age while other instances' writes
// cannot be heard: the issue asks every instance to show a write within 1 s.
const blindMaxAge = 900 * time.Millisecond

// storyCount is a story's invalidations: all of them, and those that reach
// every one of its claims' pages.
type storyCount struct{ any, claims uint64 }

// pageAbout is what a page shows: a story (0 for none), and a claim for a
// claim's own page.
type pageAbout struct{ story, claim int64 }

func newPageCache(now func() time.Time, maxAge time.Duration) *pageCache {
	return &pageCache{now: now, maxAge: maxAge, pages: map[string]*cachedPage{}, storyGen: map[int64]storyCount{},
		claimGen: map[int64]uint64{}, owner: map[string]pageAbout{}, kept: map[string]revision{}}
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

// since is what a render of one key must see unchanged to be stored: the
// invalidations that reach the page the key was last rendered for, or
// every invalidation while that is not known.
type since struct {
	about    pageAbout // story 0: not known
	revision           // of about's pages
	gen      uint64    // every invalidation's count
}

// flight names the renders that may share one result: those that would be
// stored under the same condition.
func (v since) flight() string {
	if v.about.story == 0 {
		return "#" + strconv.FormatUint(v.gen, 10)
	}
	return "#" + strconv.FormatInt(v.about.story, 10) + "." + strconv.FormatUint(v.story, 10) + "." +
		strconv.FormatUint(v.claim, 10) + "." + strconv.FormatUint(v.all, 10)
}

// generation returns what to pass to put for a render of key.
func (pc *pageCache) generation(key string) since {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	v := since{gen: pc.gen, revision: revision{all: pc.all}}
	if a, ok := pc.owner[key]; ok {
		v.about, v.revision = a, pc.revisionOf(a)
	}
	return v
}

// put stores p unless what p is about, or when that was not known any
// story, was invalidated since v was read.
func (pc *pageCache) put(key string, v since, p *cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	about := pageAbout{story: p.storyID, claim: p.claimID}
	fresh := pc.gen == v.gen
	if v.about.story != 0 && v.about == about {
		fresh = pc.revisionOf(about) == v.revision
	}
	if fresh {
		pc.pruneLocked(pc.now())
		pc.pages[key] = p
		rev := pc.revisionOf(about)
		if prev, ok := pc.kept[key]; ok && prev == rev && pc.rerendered != nil {
			pc.rerendered()
		}
		pc.kept[key] = rev
	}
	// Pages about no one story wait for every write anyway. The others'
	// keys are as many as the pages that render, which the cache holds
	// anyway, and so are the claims counted in claimGen.
	if p.storyID != 0 {
		pc.owner[key] = about
		if _, ok := pc.claimGen[p.claimID]; !ok && p.claimID != 0 {
			pc.claimGen[p.claimID] = 0
		}
	}
}

// revision names what a stored page shows, as far as the cache can tell:
// the count of its story's invalidations that reach it (every
// invalidation's for a page about no one story), for a claim's page the
// count of those naming the claim, and dropAll's.
type revision struct{ story, claim, all uint64 }

// revisionOf is the revision of a's pages now; call it with mu held.
func (pc *pageCache) revisionOf(a pageAbout) revision {
	switch {
	case a.story == 0:
		return revision{story: pc.gen, all: pc.all}
	case a.claim == 0:
		return revision{story: pc.storyGen[a.story].any, all: pc.all}
	}
	return revision{story: pc.storyGen[a.story].claims, claim: pc.claimGen[a.claim], all: pc.all}
}

// drop forgets the pages ch changed: its story's own pages, those of the
// claims it names (all the story's claims' when it names none), and those
// about no one story (the index, which counts its claims; ClaimReview,
// which lists them). It is registered with claims.Service.OnStoryChanged.
func (pc *pageCache) drop(ch claims.StoryChange) {
	var named map[int64]bool
	if !ch.AllClaims() {
		named = make(map[int64]bool, len(ch.Claims))
		for _, id := range ch.Claims {
			named[id] = true
		}
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	n := pc.storyGen[ch.StoryID]
	n.any++
	if named == nil {
		n.claims++
	}
	pc.storyGen[ch.StoryID] = n
	for id := range named {
		if g, ok := pc.claimGen[id]; ok {
			pc.claimGen[id] = g + 1
		}
	}
	for k, p := range pc.pages {
		if p.storyID == 0 || (p.storyID == ch.StoryID && (p.claimID == 0 || named == nil || named[p.claimID])) {
			delete(pc.pages, k)
		}
	}
}

// dropAll forgets every page, for when writes may have gone unheard.
func (pc *pageCache) dropAll() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.gen++
	pc.all++
	clear(pc.pages)
}

// Fill renders the page under key once however many requests miss at the
// same time, and caches it if no write intervened.
func (pc *pageCache) Fill(key string, render func() (storyID int64, body []byte, err error)) (*httpx.Asset, error) {
	return pc.FillClaim(key, 0, render)
}

// FillClaim is Fill for claimID's own page, which only writes to that claim
// or to its whole story drop.
func (pc *pageCache) FillClaim(key string, claimID int64, render func() (storyID int64, body []byte, err error)) (*httpx.Asset, error) {
	return pc.fill(key, claimID, func() (int64, *httpx.Asset, error) {
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
	return pc.fill(key, 0, render)
}

func (pc *pageCache) fill(key string, claimID int64, render func() (storyID int64, out *httpx.Asset, err error)) (*httpx.Asset, error) {
	// The generation is part of the flight key: a request that arrives after
	// a write was announced must not join a render that began before it, or
	// the writer could be handed the page from before its own write.
	gen := pc.generation(key)
	v, err, _ := pc.flight.Do(key+gen.flight(), func() (any, error) {
		// A request that missed just before another's render of this
		// revision was stored would otherwise render it a second time.
		if p := pc.lookup(key); p != nil {
			return p, nil
		}
		id, out, err := render()
		if err != nil {
			return nil, err
		}
		now := pc.now()
		p := &cachedPage{storyID: id, claimID: claimID, born: now, expires: now.Add(pc.maxAge), out: out}
		pc.put(key, gen, p)
		return p, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*cachedPage).out, nil
}

// reachedMark follows the key of a page that a cached page links to.
const reachedMark = "#reached"

// Reach records that a cached response links to the one under key (its
// next page), which may then be cached too. The mark, like a page about no
// one story, is dropped after any write and after maxAge.
func (pc *pageCache) Reach(key string) {
	now := pc.now()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.pages[key+reachedMark] = &cachedPage{born: now, expires: now.Add(pc.maxAge)}
}

// Reached reports whether a cached response links to the one under key.
func (pc *pageCache) Reached(key string) bool { return pc.lookup(key+reachedMark) != nil }
