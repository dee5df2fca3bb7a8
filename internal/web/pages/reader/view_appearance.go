package reader

import (
	"net/url"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// AppearanceList is where a claim was made, for its page: "First seen 12
// Nov in …" and the list.
type AppearanceList struct {
	FirstSeen string
	Items     []AppearanceItem
}

type AppearanceItem struct {
	URL      string
	Outlet   string
	When     string
	Claimant string
}

func NewAppearanceList(now time.Time, as []claims.Appearance) AppearanceList {
	var l AppearanceList
	for _, a := range as {
		it := AppearanceItem{URL: a.URL, Outlet: a.Outlet, Claimant: a.Claimant}
		if it.Outlet == "" {
			it.Outlet = hostOf(a.URL)
		}
		if a.AppearedAt != nil {
			it.When = view.ShortDate(now, *a.AppearedAt)
		}
		l.Items = append(l.Items, it)
	}
	if len(l.Items) > 0 {
		first := l.Items[0]
		l.FirstSeen = "First seen"
		if first.When != "" {
			l.FirstSeen += " " + first.When
		}
		l.FirstSeen += " in " + first.Outlet
		if first.Claimant != "" {
			l.FirstSeen += ", by " + first.Claimant
		}
	}
	return l
}

// hostOf is the host of an address without "www.", for an appearance that
// names no outlet.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}
