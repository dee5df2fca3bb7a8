package claims

import (
	"context"
	"sort"
	"strconv"
)

// ExportStory returns a story as an import file holds it: its fields, its
// standing claims in order with their links, standing evidence, watches
// and appearances (earliest first), and the sources they cite, each under a name made from its
// outlet. Withdrawn claims and evidence are history, not state, and are
// left out. With public set, drafts are ENOTFOUND and what only editors
// see (watches, paused checks) is left out; importing such a file keeps
// those as they are. Importing an export of an unchanged story changes
// nothing. ENOTFOUND.
func (s *Service) ExportStory(ctx context.Context, slug string, public bool) (*StoryFile, error) {
	var st *Story
	var err error
	if public {
		st, err = s.PublicStory(ctx, slug)
	} else {
		st, err = s.store.StoryBySlug(ctx, slug)
	}
	if err != nil {
		return nil, err
	}
	f := &StoryFile{Slug: st.Slug, Title: st.Title, Summary: st.Summary, Context: st.Context,
		Perspectives: st.Perspectives, Published: ptr(st.Published)}
	all, err := s.store.ClaimsByStory(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	var standing []Claim
	var ids []int64
	for _, c := range all {
		if !c.Withdrawn {
			standing = append(standing, c)
			ids = append(ids, c.ID)
		}
	}
	watches := map[int64]Watches{}
	if !public && len(ids) > 0 {
		if watches, err = s.store.WatchesByClaims(ctx, ids); err != nil {
			return nil, err
		}
	}
	x := &exporter{s: s, f: f, public: public, refs: map[int64]string{}, taken: map[string]bool{}}
	for _, c := range standing {
		fc, err := x.claim(ctx, c, watches[c.ID])
		if err != nil {
			return nil, err
		}
		f.Claims = append(f.Claims, fc)
	}
	// Links are listed in the order of the file's sources, which is the
	// order they are first cited in: the same whatever order the database
	// returned them in.
	for i := range f.Claims {
		links := f.Claims[i].Sources
		sort.SliceStable(links, func(a, b int) bool { return x.refOrder[links[a].Source] < x.refOrder[links[b].Source] })
	}
	f.Facts = x.facts(st.Facts)
	return f, nil
}

// exporter names the sources of one export.
type exporter struct {
	s        *Service
	f        *StoryFile
	public   bool
	refs     map[int64]string
	taken    map[string]bool
	refOrder map[string]int
}

// ref returns the file's name for a source, adding the source to the
// file's list the first time.
func (x *exporter) ref(src Source) string {
	if r, ok := x.refs[src.ID]; ok {
		return r
	}
	base := Slugify(src.Outlet)
	if base == "" {
		base = "source"
	}
	r := base
	for n := 2; x.taken[r]; n++ {
		r = base + "-" + strconv.Itoa(n)
	}
	x.taken[r], x.refs[src.ID] = true, r
	if x.refOrder == nil {
		x.refOrder = map[string]int{}
	}
	x.refOrder[r] = len(x.f.Sources)
	fs := FileSource{Ref: r, URL: src.URL, Outlet: src.Outlet, Kind: string(src.OutletKind), Title: src.Title}
	if !x.public && src.ChecksPaused {
		fs.ChecksPaused = ptr(true)
	}
	x.f.Sources = append(x.f.Sources, fs)
	return r
}

// refByID names a source known only by id (cited by evidence or a watch
// but not linked).
func (x *exporter) refByID(ctx context.Context, id int64) (string, error) {
	if r, ok := x.refs[id]; ok {
		return r, nil
	}
	src, err := x.s.store.SourceByID(ctx, id)
	if err != nil {
		return "", err
	}
	return x.ref(*src), nil
}

func (x *exporter) claim(ctx context.Context, c Claim, w Watches) (FileClaim, error) {
	fc := FileClaim{ID: c.ID, Text: c.Text, Status: c.Status, WhatWouldSettle: c.WhatWouldSettle, ReviewBy: c.ReviewBy}
	links, err := x.s.store.SourcesByClaim(ctx, c.ID)
	if err != nil {
		return fc, err
	}
	for _, l := range links {
		fc.Sources = append(fc.Sources, FileLink{Source: x.ref(l.Source), Stance: string(l.Stance)})
	}
	evs, err := x.s.store.EvidenceByClaim(ctx, c.ID)
	if err != nil {
		return fc, err
	}
	for _, e := range evs {
		if e.Withdrawn {
			continue
		}
		fe := FileEvidence{Summary: e.Summary, Stance: string(e.Stance), Quote: e.Quote}
		if e.SourceID != nil {
			if fe.Source, err = x.refByID(ctx, *e.SourceID); err != nil {
				return fc, err
			}
		}
		fc.Evidence = append(fc.Evidence, fe)
	}
	as, err := x.s.store.AppearancesByClaim(ctx, c.ID)
	if err != nil {
		return fc, err
	}
	for _, a := range FirstAppearances(as) {
		fc.Appearances = append(fc.Appearances, FileAppearance{URL: a.URL, Outlet: a.Outlet, AppearedAt: a.AppearedAt, Claimant: a.Claimant})
	}
	if len(w.Phrases)+len(w.Numbers) > 0 {
		fw := &FileWatches{Phrases: w.Phrases}
		for _, n := range w.Numbers {
			fn := FileNumberWatch{Label: n.Label, Pattern: n.Pattern, Selector: n.Selector, Comparison: n.Comparison, Propose: n.Propose}
			if n.SourceID != nil {
				if fn.Source, err = x.refByID(ctx, *n.SourceID); err != nil {
					return fc, err
				}
			}
			fw.Numbers = append(fw.Numbers, fn)
		}
		fc.Watches = fw
	}
	return fc, nil
}
