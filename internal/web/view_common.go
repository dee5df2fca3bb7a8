package web

import (
	"net/url"
	"strconv"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// meta is the layout's data, shared with the rooms.
type meta = view.Meta

func (s *Server) meta(title, description, path string) meta {
	return s.chrome.Meta(title, description, path)
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

func truncate(s string, n int) string { return view.Truncate(s, n) }

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
