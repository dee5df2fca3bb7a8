package reader

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// indexPage is the view of "/".
type indexPage struct {
	Meta    view.Meta
	Stories []storyItem
}

// storyItem is one story in the list, with its claim counts.
type storyItem struct {
	URL        string
	Title      string
	Summary    string
	Unresolved int
	Resolved   int
}

func (s *Handler) buildIndexPage(list []claims.StorySummary) indexPage {
	p := indexPage{Meta: s.Meta("Stories we are tracking", "Contested news stories, checked claim by claim.", "/").WithFeeds(resolvedFeed)}
	for _, st := range list {
		p.Stories = append(p.Stories, storyItem{
			URL:        site.StoryURL(st.Slug),
			Title:      st.Title,
			Summary:    view.Truncate(st.Summary, 280),
			Unresolved: st.Unresolved,
			Resolved:   st.Resolved,
		})
	}
	return p
}
