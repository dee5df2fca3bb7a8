package web

import (
	"net/url"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// appearanceList is where a claim was made, for its page: "First seen 12
// Nov in …" and the list.
type appearanceList struct {
	FirstSeen string
	Items     []appearanceItem
}

type appearanceItem struct {
	URL      string
	Outlet   string
	When     string
	Claimant string
}

func newAppearanceList(now time.Time, as []claims.Appearance) appearanceList {
	var l appearanceList
	for _, a := range as {
		it := appearanceItem{URL: a.URL, Outlet: a.Outlet, Claimant: a.Claimant}
		if it.Outlet == "" {
			it.Outlet = hostOf(a.URL)
		}
		if a.AppearedAt != nil {
			it.When = shortDate(now, *a.AppearedAt)
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

// appearancePanel is the claim editor's list of appearances and the form
// adding one.
type appearancePanel struct {
	List   appearanceList
	Action string
	Form   appearanceForm
}

// appearanceForm is the claim editor's "Where did it appear?" form.
type appearanceForm struct {
	formState
	URL        string
	Outlet     string
	AppearedAt string
	Claimant   string
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
