package reader

import (
	"html"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/claimtrack/claimtrack/internal/web/site"
	"github.com/gorilla/feeds"
)

// feedSize is how many entries a feed holds.
const feedSize = 50

const resolvedFeedPath = "/feeds/resolved.atom"

var resolvedFeed = view.FeedLink{Title: "Resolved claims", URL: resolvedFeedPath}

func storyFeedPath(slug string) string { return site.StoryURL(slug) + "/feed.atom" }

// newFeed builds an Atom feed of timeline entries. Titles name what
// happened and to which claim; each entry links to the claim (or story)
// and has a stable id made from the event's, so readers never see an
// entry twice.
func (s *Handler) newFeed(title, path, alternate string, entries []claims.FeedEntry, now time.Time) *feeds.Feed {
	f := &feeds.Feed{Title: title, Link: &feeds.Link{Href: s.Site.Abs(alternate)}, Id: s.Site.Abs(path),
		Author: &feeds.Author{Name: s.Site.Organization}, Updated: now}
	if len(entries) > 0 {
		f.Updated = entries[0].Event.At
	}
	for _, en := range entries {
		e := en.Event
		link, about := site.StoryURL(en.Story.Slug), en.Story.Title
		if en.Claim != nil {
			link, about = site.ClaimURL(en.Claim.ID), en.Claim.Text
		}
		what := e.Kind.Label()
		if e.ToStatus != "" {
			what = s.Site.Vocab.Get(e.ToStatus).Label
		}
		f.Add(&feeds.Item{
			Title:  what + ": " + view.Truncate(about, 200),
			Link:   &feeds.Link{Href: s.Site.Abs(link)},
			Id:     s.Site.Abs(link) + "#event-" + strconv.FormatInt(e.ID, 10),
			Author: &feeds.Author{Name: e.Actor},
			// gorilla/feeds writes the summary as type="html": notes are
			// plain text, often quoting other sites' pages, so they are
			// escaped once more to reach readers as text.
			Description: html.EscapeString(eventNote(e)),
			Created:     e.At,
			Updated:     e.At,
		})
	}
	return f
}
