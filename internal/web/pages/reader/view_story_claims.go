package reader

import (
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// storyClaimsPage is a page of a story's claims of one status.
type storyClaimsPage struct {
	Meta       view.Meta
	StoryURL   string
	StoryTitle string
	Badge      view.Badge
	// Heading is "Disputed claims"; Range "Claims 51–100 of 120, in the
	// story's order".
	Heading  string
	Range    string
	Cards    []claimCard
	Verdicts []resolvedItem
	PrevURL  string
	NextURL  string
	PageText string
}

// buildStoryClaimsPage builds page n of the story's claims in status.
// ENOTFOUND past the last page; an empty first page says so.
func (s *Handler) buildStoryClaimsPage(v storyView, status string, n int) (storyClaimsPage, error) {
	st := v.detail.Story
	var all []claims.ClaimSummary
	for _, c := range v.detail.Claims {
		if !c.Withdrawn && c.Status == status {
			all = append(all, c)
		}
	}
	pages := max(1, (len(all)+listPerPage-1)/listPerPage)
	if n > pages {
		return storyClaimsPage{}, claims.Errorf(claims.ENOTFOUND, "no such page")
	}
	b := view.NewBadge(v.vocab, status)
	p := storyClaimsPage{StoryURL: site.StoryURL(st.Slug), StoryTitle: st.Title, Badge: b, Heading: b.Label + " claims"}
	p.Meta = s.Meta(p.Heading+" · "+st.Title, st.Summary, storyClaimsURL(st.Slug, status, n))
	from, to := (n-1)*listPerPage, min(n*listPerPage, len(all))
	p.Range = "No claims are " + strings.ToLower(b.Label) + " now."
	if len(all) > 0 {
		p.Range = "Claims " + view.Count(from+1) + "–" + view.Count(to) + " of " + view.Count(len(all)) + ", in the story's order"
	}
	for _, c := range all[from:to] {
		// The page's heading carries the status; the cards need not.
		if v.vocab.IsResolved(status) {
			it := newResolvedItem(v, c)
			it.NoBadge = true
			p.Verdicts = append(p.Verdicts, it)
		} else {
			card := newClaimCard(v, c)
			card.NoBadge = true
			p.Cards = append(p.Cards, card)
		}
	}
	if n > 1 {
		p.PrevURL = storyClaimsURL(st.Slug, status, n-1)
	}
	if n < pages {
		p.NextURL = storyClaimsURL(st.Slug, status, n+1)
	}
	p.PageText = "Page " + view.Count(n) + " of " + view.Count(pages)
	return p, nil
}
