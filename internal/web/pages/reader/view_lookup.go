package reader

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// lookupPage answers "is this article tracked?".
type lookupPage struct {
	Meta    view.Meta
	URL     string
	Error   string
	Asked   bool
	Matches []lookupMatch
	// Fetches says lookups read the article; Article is what it repeats.
	Fetches bool
	Article *lookupArticle
}

type lookupMatch struct {
	Text       string
	URL        string
	Badge      view.Badge
	StoryTitle string
	StoryURL   string
	Outlet     string
}

func (s *Handler) newLookupMatches(ms []claims.URLMatch) []lookupMatch {
	out := make([]lookupMatch, 0, len(ms))
	for _, m := range ms {
		out = append(out, lookupMatch{Text: m.Claim.Text, URL: site.ClaimURL(m.Claim.ID), Badge: view.NewBadge(s.Site.Vocab, m.Claim.Status),
			StoryTitle: m.Story.Title, StoryURL: site.StoryURL(m.Story.Slug), Outlet: m.Source.Outlet})
	}
	return out
}
