package web

// pruneExpired forgets the pages past their max age. Writes drop their
// story's pages, but pages of quiet stories stay until overwritten: with a
// page per claim, a crawler reading every claim once would otherwise keep
// them all in memory.
func (pc *pageCache) pruneExpired() {
	now := pc.now()
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for k, p := range pc.pages {
		if !now.Before(p.expires) {
			delete(pc.pages, k)
		}
	}
}
