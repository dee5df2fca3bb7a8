package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// sourceItem is one source as listed on a page.
type sourceItem struct {
	Outlet     string
	Title      string
	URL        string
	State      string
	StateLabel string
	Checked    string
}

// sourceGroup is the sources of one outlet kind.
type sourceGroup struct {
	Label   string
	Count   int
	Sources []sourceItem
}

var stateLabels = map[claims.SourceState]string{
	claims.SourceUnchecked:     "Unchecked",
	claims.SourceLive:          "Live",
	claims.SourceChanged:       "Changed",
	claims.SourceMoved:         "Moved",
	claims.SourceUnreachable:   "Unreachable",
	claims.SourceAccessBlocked: "Blocked",
	claims.SourceGone:          "Gone",
	claims.SourceRefused:       "Not checked",
}

func newSourceItem(now time.Time, src claims.Source) sourceItem {
	it := sourceItem{Outlet: src.Outlet, URL: safeLink(src.URL), State: string(src.State), Title: src.Title}
	if it.State == "" {
		it.State = string(claims.SourceUnchecked)
	}
	it.StateLabel = stateLabels[claims.SourceState(it.State)]
	if it.StateLabel == "" {
		it.StateLabel = it.State
	}
	switch {
	case src.URL == "":
		it.State, it.StateLabel, it.Checked = "offline", "Print or broadcast", "not checked online"
	case src.LastCheckedAt == nil:
		// The state mark already says "Unchecked".
	default:
		it.Checked = "checked " + relTime(now, *src.LastCheckedAt)
	}
	if it.Title == "" {
		it.Title = untitled(src.URL)
	}
	return it
}

// untitled names a source that has no title by its address.
func untitled(raw string) string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return "Untitled report"
	}
	return truncate(u.Host+u.Path, 80)
}

// groupSources groups sources by outlet kind in display order, with the
// summary line "Wire services (1) · Independent coverage (21)".
func groupSources(now time.Time, sources []claims.Source) ([]sourceGroup, string) {
	byKind := map[claims.OutletKind][]sourceItem{}
	var order []claims.OutletKind
	order = append(order, claims.OutletKinds...)
	for _, src := range sources {
		if _, known := byKind[src.OutletKind]; !known && !knownKind(src.OutletKind) {
			order = append(order, src.OutletKind)
		}
		byKind[src.OutletKind] = append(byKind[src.OutletKind], newSourceItem(now, src))
	}
	var groups []sourceGroup
	var parts []string
	for _, k := range order {
		items := byKind[k]
		if len(items) == 0 {
			continue
		}
		groups = append(groups, sourceGroup{Label: k.Label(), Count: len(items), Sources: items})
		parts = append(parts, k.Label()+" ("+strconv.Itoa(len(items))+")")
	}
	return groups, strings.Join(parts, " · ")
}

func knownKind(k claims.OutletKind) bool {
	for _, o := range claims.OutletKinds {
		if o == k {
			return true
		}
	}
	return false
}

// checkedLine says how fresh the story's sources are, by the oldest check
// among the fetchable ones so it never flatters.
func checkedLine(now time.Time, sources []claims.Source) string {
	var oldest *time.Time
	for _, src := range sources {
		if src.URL == "" || src.LastCheckedAt == nil {
			continue
		}
		if oldest == nil || src.LastCheckedAt.Before(*oldest) {
			oldest = src.LastCheckedAt
		}
	}
	if oldest == nil {
		return "sources not yet checked"
	}
	return "sources last checked " + relTime(now, *oldest)
}
