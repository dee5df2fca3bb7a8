package reader

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
)

// A large story's page folds its claims by status, so that it stays
// readable on a phone and small on the wire however many claims the story
// holds: under each status the first few claims as cards, the next ones
// folded into a <details> as one line each, and a link to the story's
// claim list (/stories/{slug}/claims?status=…), which pages through the
// rest.
const (
	// foldFrom is how many claims a section (unresolved, resolved) lists
	// as it always has; past it, the section is grouped by status.
	foldFrom = 12
	// groupCards is how many claims of a status are shown as cards.
	groupCards = 3
	// groupShown is how many claims of a status the story page holds,
	// cards and folded lines together; the claim list has the others.
	groupShown = 25
	// listPerPage is how many claims a page of the claim list shows.
	listPerPage = 50
)

// claimGroup is the claims of one status on a large story's page.
type claimGroup struct {
	Badge  view.Badge
	Status string
	Count  int
	// Cards are the first claims, for an open status; Verdicts for a
	// resolved one.
	Cards    []claimCard
	Verdicts []resolvedItem
	// Folded are the next claims, one line each, inside a <details>.
	Folded []foldedClaim
	// MoreURL lists every claim of the status, when the page does not
	// hold them all; Hidden is how many it leaves out.
	MoreURL string
	Hidden  int
	// Num is Count as pages write it ("1,200"); CountText is "120 claims"; FoldSummary "22 more disputed claims";
	// MoreText "All 120 disputed claims (98 not shown here)".
	Num, CountText, FoldSummary, MoreText string
}

// foldedClaim is a claim in one line: its text, linked, and when it last
// changed status ("Disputed since Nov 20", "Settled on 3 December 2025").
type foldedClaim struct {
	URL  string
	Text string
	When string
}

// foldClaims groups a section's claims by status, in the vocabulary's
// order; nil when the section is short enough to list as it is.
func foldClaims(v storyView, slug string, resolved bool) []claimGroup {
	byStatus := map[string]*claimGroup{}
	n := 0
	for _, c := range v.detail.Claims {
		if c.Withdrawn || v.vocab.IsResolved(c.Status) != resolved {
			continue
		}
		n++
		g := byStatus[c.Status]
		if g == nil {
			g = &claimGroup{Badge: view.NewBadge(v.vocab, c.Status), Status: c.Status}
			byStatus[c.Status] = g
		}
		g.Count++
		switch {
		case g.Count <= groupCards && resolved:
			it := newResolvedItem(v, c)
			it.InGroup, it.NoBadge = true, true
			g.Verdicts = append(g.Verdicts, it)
		case g.Count <= groupCards:
			card := newClaimCard(v, c)
			card.InGroup, card.NoBadge = true, true
			g.Cards = append(g.Cards, card)
		case g.Count <= groupShown:
			g.Folded = append(g.Folded, newFoldedClaim(v, c, resolved))
		}
	}
	if n <= foldFrom {
		return nil
	}
	// The vocabulary cannot drop a status that claims still carry, so its
	// order covers every group.
	var out []claimGroup
	for _, id := range v.vocab.IDs() {
		g := byStatus[id]
		if g == nil {
			continue
		}
		label := strings.ToLower(g.Badge.Label)
		g.Num, g.CountText = view.Count(g.Count), view.Plural(g.Count, "claim")
		g.FoldSummary = view.Count(len(g.Folded)) + " more " + label + " " + pick(len(g.Folded), "claim", "claims")
		if g.Count > groupShown {
			g.Hidden = g.Count - groupShown
			g.MoreURL = storyClaimsURL(slug, id, 1)
			g.MoreText = "All " + view.Count(g.Count) + " " + label + " claims (" + view.Count(g.Hidden) + " not shown here)"
		}
		out = append(out, *g)
	}
	return out
}

func newFoldedClaim(v storyView, c claims.ClaimSummary, resolved bool) foldedClaim {
	f := foldedClaim{URL: site.ClaimURL(c.ID), Text: c.Text}
	switch {
	case resolved && c.ResolvedAt != nil:
		f.When = "settled on " + view.LongDate(*c.ResolvedAt)
	case !resolved && c.Latest != nil:
		f.When = eventLead(v.vocab, v.now, *c.Latest)
	}
	return f
}

// storyClaimsURL is a page of a story's claim list for one status.
func storyClaimsURL(slug, status string, page int) string {
	u := site.StoryURL(slug) + "/claims?status=" + url.QueryEscape(status)
	if page > 1 {
		u += "&page=" + strconv.Itoa(page)
	}
	return u
}
