package reader

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// SourceItem is one source as listed on a page.
type SourceItem struct {
	ID         int64
	Outlet     string
	Title      string
	URL        string
	State      string
	StateLabel string
	Checked    string
	// Says is the source's state in a reader's words ("online, checked 2
	// hours ago"), set by SayState; empty for sources we do not check.
	Says string
	// Mark is the class of the small state mark beside Says.
	Mark string
	// Link, when set, leads on from Says: what changed, where the page
	// moved, our copy of a page that has gone.
	Link *TextLink
}

// TextLink is a link with its words.
type TextLink struct {
	URL  string
	Text string
	// External marks a link off the site, which gets rel="nofollow noopener".
	External bool
}

// SourceGroup is the sources of one outlet kind.
type SourceGroup struct {
	Label   string
	Count   int
	Sources []SourceItem
	// Hidden counts the sources a large story's page leaves out.
	Hidden int
	// CountText and HiddenText are Count and Hidden as the page writes
	// them (view.Count).
	CountText, HiddenText string
}

var StateLabels = map[claims.SourceState]string{
	claims.SourceUnchecked:     "Unchecked",
	claims.SourceLive:          "Live",
	claims.SourceChanged:       "Changed",
	claims.SourceMoved:         "Moved",
	claims.SourceUnreachable:   "Unreachable",
	claims.SourceAccessBlocked: "Blocked",
	claims.SourceGone:          "Gone",
	claims.SourceRefused:       "Not checked",
}

func NewSourceItem(now time.Time, src claims.Source) SourceItem {
	it := SourceItem{ID: src.ID, Outlet: src.Outlet, URL: SafeLink(src.URL), State: string(src.State), Title: src.Title}
	if it.State == "" {
		it.State = string(claims.SourceUnchecked)
	}
	it.StateLabel = StateLabels[claims.SourceState(it.State)]
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
		it.Checked = "checked " + view.RelTime(now, *src.LastCheckedAt)
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
		return "untitled report"
	}
	return view.Truncate(u.Host+u.Path, 80)
}

// GroupSources groups the sources a page lists by outlet kind in display
// order, with the summary line "Wire services (1) · Independent coverage
// (21)". counts holds every source of each kind, listed or not: Count and
// the summary say it, and Hidden says how many the group leaves out.
func GroupSources(now time.Time, sources []claims.Source, counts map[claims.OutletKind]int, notes claims.SourceNotes) ([]SourceGroup, string) {
	byKind := map[claims.OutletKind]*SourceGroup{}
	order := slices.Clone(claims.OutletKinds)
	group := func(k claims.OutletKind) *SourceGroup {
		g := byKind[k]
		if g == nil {
			if !knownKind(k) {
				order = append(order, k)
			}
			g = &SourceGroup{Label: k.Label()}
			byKind[k] = g
		}
		return g
	}
	for _, src := range sources {
		g := group(src.OutletKind)
		it := NewSourceItem(now, src)
		SayState(&it, now, src, notes)
		g.Sources = append(g.Sources, it)
	}
	for k, n := range counts {
		g := group(k)
		g.Count, g.Hidden = n, max(n-len(g.Sources), 0)
		g.CountText, g.HiddenText = view.Count(g.Count), view.Count(g.Hidden)
	}
	var groups []SourceGroup
	var parts []string
	for _, k := range order {
		g := byKind[k]
		if g == nil {
			continue
		}
		groups = append(groups, *g)
		parts = append(parts, g.Label+" ("+g.CountText+")")
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

// CheckedLine says how fresh the story's sources are, by the oldest check
// among the fetchable ones (claims.StoryDetail.SourcesCheckedAt) so it
// never flatters.
func CheckedLine(now time.Time, oldest *time.Time) string {
	if oldest == nil {
		// Nothing a reader needs to hear: "not yet checked" reads as
		// "unverified".
		return ""
	}
	return "sources last checked " + view.RelTime(now, *oldest)
}

// SayState puts a checked source's state in a reader's words. Readers
// never see the machinery's names: a source we do not check (print, paused,
// refused, not yet checked) says nothing at all.
func SayState(it *SourceItem, now time.Time, src claims.Source, notes claims.SourceNotes) {
	if src.URL == "" || src.ChecksPaused || src.LastCheckedAt == nil {
		return
	}
	checked := "checked " + view.RelTime(now, *src.LastCheckedAt)
	it.Mark = string(src.State)
	switch src.State {
	case claims.SourceLive:
		it.Says = "online, " + checked
	case claims.SourceChanged:
		it.Says = "changed, " + checked + ":"
		if at, ok := notes.CopyAt[src.ID]; ok {
			it.Says = "changed on " + view.ShortDate(now, at) + ":"
		}
		it.Link = &TextLink{URL: SourceChangesURL(src.ID), Text: "see what changed"}
	case claims.SourceMoved:
		to := notes.MovedTo[src.ID]
		if SafeLink(to) == "" {
			it.Says = "moved: the address now leads to the site's home page, " + checked
			break
		}
		it.Says = "moved to"
		it.Link = &TextLink{URL: to, Text: untitled(to), External: true}
	case claims.SourceUnreachable:
		it.Says = "could not be reached when " + checked
	case claims.SourceAccessBlocked:
		it.Says = "the site turned our check away, " + checked
	case claims.SourceGone:
		it.Says = "no longer online; we hold no copy of it"
		if at, ok := notes.CopyAt[src.ID]; ok {
			it.Says, it.Mark = "no longer online:", "copy"
			it.Link = &TextLink{URL: SourceCopyURL(src.ID), Text: "our copy from " + view.ShortDate(now, at)}
		}
	default:
		it.Mark = ""
	}
}

func SourceChangesURL(id int64) string { return "/sources/" + strconv.FormatInt(id, 10) + "/changes" }
func SourceCopyURL(id int64) string    { return "/sources/" + strconv.FormatInt(id, 10) + "/copy" }
