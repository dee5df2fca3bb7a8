package web

import (
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Views and helpers shared by the subscription pages.

// followForm is the follow-by-email form on a story or claim page.
type followForm = view.FollowForm

// withFollow adds the follow form to a story page, and to each open claim
// a link to its own form, when alerts are on.
func (s *Server) withFollow(p *storyPage, slug string) {
	if s.alerts == nil {
		return
	}
	p.Follow = &followForm{StorySlug: slug}
	for i := range p.Unresolved {
		p.Unresolved[i].FollowURL = p.Unresolved[i].URL + "#follow"
	}
	for _, g := range p.UnresolvedGroups {
		for i := range g.Cards {
			g.Cards[i].FollowURL = g.Cards[i].URL + "#follow"
		}
	}
}
