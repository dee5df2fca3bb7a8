package web

import (
	"net/url"
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
type badge = view.Badge

func newBadge(vocab *claims.Vocabulary, id string) badge { return view.NewBadge(vocab, id) }

func statusClass(vocab *claims.Vocabulary, id string) string { return view.StatusClass(vocab, id) }

func relTime(now, t time.Time) string { return view.RelTime(now, t) }

func plural(n int, unit string) string { return view.Plural(n, unit) }

func shortDate(now, t time.Time) string { return view.ShortDate(now, t) }

func longDate(t time.Time) string { return view.LongDate(t) }

func dateTime(t time.Time) string { return view.DateTime(t) }

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
