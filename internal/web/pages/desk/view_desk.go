package desk

import (
	"strconv"
	"strings"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/httpx"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// Views of the fact-checker's desk: the dashboard's claim lists, the
// assignment form, the facts form and the claims' order.

// claimRefRow is a claim in a dashboard list, named with its story.
type claimRefRow struct {
	Text       string
	URL        string
	Badge      view.Badge
	StoryTitle string
	StoryURL   string
	// Age says how long the claim has been open.
	Age string
}

// openStoryGroup is one story's open claims on the dashboard.
type openStoryGroup struct {
	Title   string
	EditURL string
	Claims  []claimRefRow
}

func (s *Handler) newClaimRefRow(now time.Time, r claims.ClaimRef) claimRefRow {
	return claimRefRow{Text: view.Truncate(r.Text, 140), URL: view.EditClaimURL(r.ID), Badge: view.NewBadge(s.Site.Vocab, r.Status),
		StoryTitle: r.StoryTitle, StoryURL: view.EditStoryURL(r.StorySlug), Age: age(now, r.CreatedAt)}
}

// age says how long ago t was in whole days, hours or minutes.
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return "open " + view.Plural(max(int(d/time.Minute), 1), "minute")
	case d < 48*time.Hour:
		return "open " + view.Plural(int(d/time.Hour), "hour")
	}
	return "open " + view.Plural(int(d/(24*time.Hour)), "day")
}

// groupOpen groups open claims by story, the story with the oldest open
// claim first, each story's claims oldest first.
func (s *Handler) groupOpen(now time.Time, refs []claims.ClaimRef) []openStoryGroup {
	var out []openStoryGroup
	at := map[int64]int{}
	for i := len(refs) - 1; i >= 0; i-- { // refs are newest first
		r := refs[i]
		j, ok := at[r.StoryID]
		if !ok {
			j = len(out)
			at[r.StoryID] = j
			out = append(out, openStoryGroup{Title: r.StoryTitle, EditURL: view.EditStoryURL(r.StorySlug)})
		}
		out[j].Claims = append(out[j].Claims, s.newClaimRefRow(now, r))
	}
	return out
}

// claimIDsOf lists the claims the events are about, once each.
func claimIDsOf(events []claims.Event) []int64 {
	ids := []int64{}
	seen := map[int64]bool{}
	for _, e := range events {
		if e.ClaimID != nil && !seen[*e.ClaimID] {
			seen[*e.ClaimID] = true
			ids = append(ids, *e.ClaimID)
		}
	}
	return ids
}

// nameClaim puts the claim's text and story on a row that had only its id.
func nameClaim(refs map[int64]claims.ClaimRef, id *int64, label, storyTitle, storyURL *string) {
	if id == nil {
		return
	}
	if r, ok := refs[*id]; ok {
		*label = view.Truncate(r.Text, 120)
		*storyTitle, *storyURL = r.StoryTitle, view.EditStoryURL(r.StorySlug)
	}
}

// assignForm gives the claim to an editor or takes it back.
type assignForm struct {
	formState
	Version int
	Options []option
}

func assigneeOptions(eds []claims.Editor, current *int64) []option {
	out := []option{{ID: "0", Label: "Nobody", Selected: current == nil}}
	for _, e := range eds {
		out = append(out, option{ID: strconv.FormatInt(e.ID, 10), Label: e.Name, Selected: current != nil && *current == e.ID})
	}
	return out
}

func assigneeName(eds []claims.Editor, id *int64) string {
	if id == nil {
		return ""
	}
	for _, e := range eds {
		if e.ID == *id {
			return e.Name
		}
	}
	return "user " + strconv.FormatInt(*id, 10)
}

// factField is one fact of the story form: its text and cited sources.
type factField struct {
	N         int
	Text      string
	SourceIDs []int64
	Options   []option
}

// blankFacts is how many empty facts the form offers.
const blankFacts = 2

func newFactFields(facts []claims.Fact) []factField {
	out := make([]factField, 0, len(facts))
	for _, f := range facts {
		out = append(out, factField{Text: f.Text, SourceIDs: f.SourceIDs})
	}
	return out
}

// numberFacts numbers the facts, adds the blank ones and offers the story's
// sources to cite.
func numberFacts(fs []factField, sources []claims.Source) []factField {
	for range blankFacts {
		fs = append(fs, factField{})
	}
	for i := range fs {
		fs[i].N = i + 1
		cited := map[int64]bool{}
		for _, id := range fs[i].SourceIDs {
			cited[id] = true
		}
		fs[i].Options = nil
		for _, src := range sources {
			fs[i].Options = append(fs[i].Options, option{ID: strconv.FormatInt(src.ID, 10), Label: sourceLabel(src), Selected: cited[src.ID]})
		}
	}
	return fs
}

// sourceLabel names a source in pickers.
func sourceLabel(src claims.Source) string {
	if src.Title == "" {
		return src.Outlet
	}
	return src.Outlet + ": " + view.Truncate(src.Title, 70)
}

// factsFrom reads the facts of the story form: fact_text (one per fact, in
// order) and fact_sources_N (the sources fact N cites).
func factsFrom(form map[string][]string) []factField {
	var out []factField
	for i, text := range form["fact_text"] {
		f := factField{Text: text}
		for _, v := range form["fact_sources_"+strconv.Itoa(i+1)] {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				f.SourceIDs = append(f.SourceIDs, id)
			}
		}
		if strings.TrimSpace(f.Text) == "" {
			continue
		}
		out = append(out, f)
	}
	return out
}

func factsPatch(fs []factField) []claims.Fact {
	out := make([]claims.Fact, 0, len(fs))
	for _, f := range fs {
		out = append(out, claims.Fact{Text: f.Text, SourceIDs: f.SourceIDs})
	}
	return out
}

// orderWith returns ids with the claim at i swapped with its neighbour at
// j, as the comma-separated list the order form posts; "" when j is out of
// range.
func orderWith(ids []int64, i, j int) string {
	if j < 0 || j >= len(ids) {
		return ""
	}
	moved := append([]int64(nil), ids...)
	moved[i], moved[j] = moved[j], moved[i]
	parts := make([]string, len(moved))
	for k, id := range moved {
		parts[k] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// parseOrder reads the order form's list of claim ids.
func parseOrder(v string) ([]int64, error) {
	var ids []int64
	for _, p := range strings.Split(v, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, httpx.Malformed("order", "the order is a comma-separated list of claim ids")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// publicLabel names the link to a story's or claim's public address.
func publicLabel(published bool) string {
	if published {
		return "Public page"
	}
	return "Preview draft"
}

// evidenceSourceOptions offers the claim's linked sources to cite, and a
// new one.
func evidenceSourceOptions(linked []editorSourceRow, selected string) []option {
	out := []option{{ID: "", Label: "No source", Selected: selected == ""}}
	for _, ls := range linked {
		id := strconv.FormatInt(ls.ID, 10)
		label := ls.Source.Outlet
		if ls.Source.Title != "" {
			label += ": " + view.Truncate(ls.Source.Title, 70)
		}
		out = append(out, option{ID: id, Label: label, Selected: selected == id})
	}
	return append(out, option{ID: "new", Label: "A new source (describe it below)", Selected: selected == "new"})
}
