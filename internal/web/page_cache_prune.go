package web

import "time"

// pruneLocked forgets the pages past their max age, at most once per
// maxAge; call it with mu held. Writes drop their story's pages, but pages
// of quiet stories stay until overwritten: with a page per claim, a crawler
// reading every claim once would otherwise keep them all in memory.
func (pc *pageCache) pruneLocked(now time.Time) {
	if now.Sub(pc.pruned) < pc.maxAge {
		return
	}
	pc.pruned = now
	for k, p := range pc.pages {
		if !now.Before(p.expires) {
			delete(pc.pages, k)
		}
	}
}
