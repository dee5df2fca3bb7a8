package reader

import (
	"strconv"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
	"github.com/labstack/echo/v4"
)

// TimelinePager places one page of a claim's timeline among all its events
// and links to the pages around it; its zero value (one page holds them
// all) draws nothing.
type TimelinePager struct {
	// Count says which events the page shows: "The newest 50 of 10,000
	// events" or "Events 101–150 of 10,000, oldest first".
	Count string
	// EarlierURL is the page of older events, EarlierText its link's words.
	EarlierURL, EarlierText string
	// NewestURL leads back from an earlier page to the newest events.
	NewestURL string
}

// NewTimelinePager describes page t of the timeline drawn at base (the
// claim's page or its editor).
func NewTimelinePager(base string, t claims.TimelinePage) TimelinePager {
	var p TimelinePager
	shown := len(t.Events)
	if t.Newest() && t.Earlier == 0 {
		return p
	}
	if t.Newest() {
		p.Count = "The newest " + view.Count(shown) + " of " + view.Count(t.Total) + " events, oldest first."
	} else {
		p.Count = "Events " + view.Count(t.Through-shown+1) + "–" + view.Count(t.Through) + " of " + view.Count(t.Total) + ", oldest first."
		p.NewestURL = base + "#timeline-h"
	}
	if t.Earlier != 0 {
		p.EarlierURL = base + "?before=" + strconv.FormatInt(t.Earlier, 10) + "#timeline-h"
		p.EarlierText = "Earlier events (" + view.Count(t.Through-shown) + ")"
	}
	return p
}

// TimelineBefore reads the ?before= of a claim's page: 0 when absent;
// anything but an event id is ENOTFOUND, as a page that does not exist.
func TimelineBefore(c echo.Context) (int64, error) {
	return pageParam(c, "before", "no such page of the timeline")
}

// pageParam reads a query parameter that names where a page of a claim's
// list starts: 0 when absent; anything but an id is ENOTFOUND (notFound),
// as a page that does not exist.
func pageParam(c echo.Context, name, notFound string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, claims.Errorf(claims.ENOTFOUND, "%s", notFound)
	}
	return n, nil
}

// claimTimeline draws the page of d's timeline that d holds, each event
// that names a source with that source's outlet and title.
func claimTimeline(vocab *claims.Vocabulary, d *claims.ClaimDetail) []TimelineEntry {
	sources := make(map[int64]claims.Source, len(d.Sources)+len(d.Named))
	for id, src := range d.Named {
		sources[id] = src
	}
	for _, ls := range d.Sources {
		sources[ls.ID] = ls.Source
	}
	out := make([]TimelineEntry, 0, len(d.Timeline.Events))
	for _, e := range d.Timeline.Events {
		t := NewTimelineEntry(vocab, e)
		if e.SourceID != nil {
			t.What += ": " + sourceName(sources[*e.SourceID], e)
		}
		out = append(out, t)
	}
	return out
}
