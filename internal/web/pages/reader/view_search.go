package reader

import (
	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/search"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// searchPage is the search box, its filters and a page of results.
type searchPage struct {
	Meta     view.Meta
	Q        string
	Asked    bool
	Error    string
	Statuses []searchOption
	Stories  []searchOption
	Results  []searchResult
	NextURL  string
	// Editor marks an editor's search, which includes drafts and notes.
	Editor bool
}

type searchOption struct {
	Value    string
	Label    string
	Selected bool
}

type searchResult struct {
	Kind       string
	Text       string
	URL        string
	Snippet    string
	Badge      *view.Badge
	StoryTitle string
	StoryURL   string
}

// kindLabels are the words readers see for the kinds of results.
var kindLabels = map[search.Kind]string{
	search.KindClaim: "Claim", search.KindStory: "Story", search.KindEvidence: "Evidence",
	search.KindFact: "Context", search.KindNote: "Internal note",
}

func newSearchPage(m view.Meta, vocab *claims.Vocabulary, q search.Query, stories []claims.StorySummary) searchPage {
	p := searchPage{Meta: m, Q: q.Text, Asked: q.Text != "", Editor: q.Editor}
	p.Statuses = append(p.Statuses, searchOption{Label: "Any status", Selected: q.Status == ""})
	for _, st := range vocab.All() {
		p.Statuses = append(p.Statuses, searchOption{Value: st.ID, Label: st.Label, Selected: st.ID == q.Status})
	}
	p.Stories = append(p.Stories, searchOption{Label: "All stories", Selected: q.StorySlug == ""})
	for _, st := range stories {
		p.Stories = append(p.Stories, searchOption{Value: st.Slug, Label: st.Title, Selected: st.Slug == q.StorySlug})
	}
	return p
}

func (p *searchPage) addResults(vocab *claims.Vocabulary, res []search.Result) {
	titles := map[string]string{}
	for _, o := range p.Stories {
		titles[o.Value] = o.Label
	}
	for _, r := range res {
		v := searchResult{Kind: kindLabels[r.Kind], Text: r.Text, URL: site.ResultURL(r), StoryURL: site.StoryURL(r.StorySlug),
			StoryTitle: titles[r.StorySlug]}
		if v.StoryTitle == "" {
			v.StoryTitle = r.StorySlug
		}
		if r.Snippet != r.Text {
			v.Snippet = r.Snippet
		}
		if r.Status != "" {
			b := view.NewBadge(vocab, r.Status)
			v.Badge = &b
		}
		p.Results = append(p.Results, v)
	}
}
