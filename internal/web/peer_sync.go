package web

import "github.com/claimtrack/claimtrack/internal/claims"

// Several instances behind one load balancer each cache story pages; the
// app feeds this server what the writes through the others changed
// (store.DB.ListenStoryChanges) so its pages follow them.

// PeerWrites returns the two callbacks of a story-change listener: changed
// drops the cached pages a write changed; up tells whether writes elsewhere can be
// heard. Calling PeerWrites marks the cache blind until up(true): pages
// then live under a second, so a server never shows another instance's
// write late by more than that, even before its listener connects or after
// it loses its connection. Pages cached while blind are all dropped when
// the listener comes (back) up, since notifications may have been missed.
func (s *Server) PeerWrites() (changed func(claims.StoryChange), up func(bool)) {
	s.pages.blind.Store(true)
	changed = s.pages.drop
	up = func(ok bool) {
		if ok {
			s.pages.dropAll()
		}
		s.pages.blind.Store(!ok)
	}
	return changed, up
}
