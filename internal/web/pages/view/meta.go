// Package view is the page chrome every HTML room shares: the layout's
// Meta, rendering with the right headers, the editor's navigation bar and
// the error a refused form shows. Views of one room stay in that room.
package view

import (
	"html/template"
	"strings"
	"unicode/utf8"
)

// Meta is what the layout needs from every page.
type Meta struct {
	Title       string
	Description string
	Canonical   string
	CSS         string
	// JSONLD is structured data for the page (ClaimReview), if any.
	JSONLD template.JS
	// Feeds are the Atom feeds the page offers.
	Feeds []FeedLink
	// Desk is set on a public page shown to a signed-in editor.
	Desk *DeskStrip
	// Site is the organisation that publishes the site.
	Site string
	// Share holds the Open Graph and card tags of pages worth sharing.
	Share *Share
	// NoIndex keeps search engines away (our copies of others' articles).
	NoIndex bool
}

// FeedLink is a <link rel="alternate"> to an Atom feed.
type FeedLink struct {
	Title string
	URL   string
}

// WithFeeds is m offering the given feeds.
func (m Meta) WithFeeds(links ...FeedLink) Meta {
	m.Feeds = links
	return m
}

// DeskStrip is the strip above a public page shown to a signed-in editor:
// a link to edit what the page shows and, for a draft, the warning that
// readers cannot see it.
type DeskStrip struct {
	EditURL string
	Draft   bool
	// PublishURL and Version publish a draft story from its preview.
	PublishURL string
	Version    int
}

// Share is what a link to the page says when it is shared: the Open Graph
// and Twitter card tags.
type Share struct {
	Type        string
	Site        string
	Title       string
	Description string
	URL         string
}

// WithShare gives the page its sharing tags: its title, description (the
// verdict, or "Unresolved: …") and canonical address.
func (m Meta) WithShare(kind, description string) Meta {
	m.Share = &Share{Type: kind, Site: m.Site, Title: m.Title, Description: Truncate(description, 200), URL: m.Canonical}
	return m
}

// Truncate shortens s to at most n characters, at a word boundary when one
// is near, marking the cut with an ellipsis.
func Truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*3/4 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
