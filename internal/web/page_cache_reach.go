package web

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
