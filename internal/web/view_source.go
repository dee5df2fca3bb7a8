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
	ID         int64
	Outlet     string
	Title      string
	URL        string
	State      string
	StateLabel string
	Checked    string
	// Gone tells readers that the page has gone and how old our copy is;
	// empty unless the source is gone (see setLastCopies).
	Gone string
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
	it := sourceItem{ID: src.ID, Outlet: src.Outlet, URL: safeLink(src.URL), State: string(src.State), Title: src.Title}
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
	case src.ChecksPaused:
		it.State, it.StateLabel, it.Checked = "paused", "Not checked", "checks paused"
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
	fetchable := 0
	for _, src := range sources {
		if src.URL == "" || src.ChecksPaused {
			continue
		}
		fetchable++
		if src.LastCheckedAt == nil {
			continue
		}
		if oldest == nil || src.LastCheckedAt.Before(*oldest) {
			oldest = src.LastCheckedAt
		}
	}
	switch {
	case oldest != nil:
		return "sources last checked " + relTime(now, *oldest)
	case fetchable == 0 && len(sources) > 0:
		return "sources not checked online"
	}
	return "sources not yet checked"
}

// goneSourceIDs returns the ids of the sources that have gone, whose last
// copy readers are told of.
func goneSourceIDs(sources []claims.Source) []int64 {
	var ids []int64
	for _, src := range sources {
		if src.State == claims.SourceGone {
			ids = append(ids, src.ID)
		}
	}
	return ids
}

// setLastCopies tells readers of a gone source when our last copy of it was
// taken. The copy itself stays with editors: it is the outlet's article.
func setLastCopies(it *sourceItem, copies map[int64]time.Time) {
	if it.State != string(claims.SourceGone) {
		return
	}
	if at, ok := copies[it.ID]; ok {
		it.Gone = "Gone — our last copy is from " + longDate(at)
		return
	}
	it.Gone = "Gone — we hold no copy of it"
}

// setGroupLastCopies is setLastCopies for every source of the groups.
func setGroupLastCopies(groups []sourceGroup, copies map[int64]time.Time) {
	for i := range groups {
		for j := range groups[i].Sources {
			setLastCopies(&groups[i].Sources[j], copies)
		}
	}
}
