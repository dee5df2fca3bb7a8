package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// meta is what the layout needs from every page.
type meta struct {
	Title       string
	Description string
	Canonical   string
	CSS         string
	// JSONLD is structured data for the page (ClaimReview), if any.
	JSONLD template.JS
	// Feeds are the Atom feeds the page offers.
	Feeds []feedLink
	// Desk is set on a public page shown to a signed-in editor.
	Desk *deskStrip
	// Site is the organisation that publishes the site.
	Site string
	// Share holds the Open Graph and card tags of pages worth sharing.
	Share *share
	// NoIndex keeps search engines away (our copies of others' articles).
	NoIndex bool
}

func (s *Server) meta(title, description, path string) meta {
	m := meta{Title: title, Description: truncate(description, 300), CSS: s.assets.cssURL, Site: s.organization}
	if s.baseURL != "" && path != "" {
		m.Canonical = s.baseURL + path
	}
	return m
}

// badge is a status shown as colour, glyph and label together.
type badge struct {
	Class string
	Label string
	Glyph string
}

func newBadge(vocab *claims.Vocabulary, id string) badge {
	return badge{Class: statusClass(vocab, id), Label: vocab.Get(id).Label, Glyph: glyphFor(id)}
}

// relTime says how long ago t was, as readers say it.
func relTime(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour") + " ago"
	case d < 7*24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day") + " ago"
	}
	return longDate(t)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// shortDate leaves out the year when it is the current one.
func shortDate(now, t time.Time) string {
	t = t.UTC()
	if t.Year() == now.UTC().Year() {
		return t.Format("Jan 2")
	}
	return t.Format("Jan 2, 2006")
}

func longDate(t time.Time) string { return t.UTC().Format("Jan 2, 2006") }

func dateTime(t time.Time) string { return t.UTC().Format("Jan 2, 2006, 15:04 UTC") }

// truncate shortens s to at most n characters, at a word boundary when one
// is near, marking the cut with an ellipsis.
func truncate(s string, n int) string {
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

// safeLink returns u if it is an http or https URL, else "", so a stored
// address can never become a javascript: link.
func safeLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

var stanceLabels = map[claims.Stance]string{
	claims.StanceSupports: "Supports",
	claims.StanceDisputes: "Disputes",
	claims.StanceContext:  "Context",
}

func stanceLabel(s claims.Stance) string {
	if l, ok := stanceLabels[s]; ok {
		return l
	}
	return string(s)
}
