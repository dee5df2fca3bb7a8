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
	// The story's links, evidence and the sources they cite are read
	// together: an export costs the same few queries however many claims.
	x := &exporter{s: s, f: f, public: public, refs: map[int64]string{}, taken: map[string]bool{}}
	if x.links, err = s.store.StoryLinks(ctx, st.ID); err != nil {
		return nil, err
	}
	if x.evidence, err = s.store.StoryEvidence(ctx, st.ID); err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		if x.appeared, err = s.store.AppearancesByClaims(ctx, ids); err != nil {
			return nil, err
		}
	}
	if err := x.readCited(ctx, standing, watches); err != nil {
		return nil, err
	}
	for _, c := range standing {
		fc, err := x.claim(c, watches[c.ID])
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
	links    map[int64][]LinkedSource
	evidence map[int64][]Evidence
	appeared map[int64][]Appearance
	// cited are the sources that evidence and watches cite, by id.
	cited map[int64]Source
}

// readCited reads, in one query, the sources that the standing evidence
// and the watches cite.
func (x *exporter) readCited(ctx context.Context, standing []Claim, watches map[int64]Watches) error {
	var ids []int64
	for _, c := range standing {
		for _, e := range x.evidence[c.ID] {
			if e.SourceID != nil && !e.Withdrawn {
				ids = append(ids, *e.SourceID)
			}
		}
		for _, n := range watches[c.ID].Numbers {
			if n.SourceID != nil {
				ids = append(ids, *n.SourceID)
			}
		}
	}
	srcs, err := x.s.store.SourcesByIDs(ctx, ids)
	if err != nil {
		return err
	}
	x.cited = make(map[int64]Source, len(srcs))
	for _, src := range srcs {
		x.cited[src.ID] = src
	}
	return nil
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
// but not linked), read by readCited. ENOTFOUND when the source is gone.
func (x *exporter) refByID(id int64) (string, error) {
	if r, ok := x.refs[id]; ok {
		return r, nil
	}
	src, ok := x.cited[id]
	if !ok {
		return "", Errorf(ENOTFOUND, "source %d not found", id)
	}
	return x.ref(src), nil
}

func (x *exporter) claim(c Claim, w Watches) (FileClaim, error) {
	fc := FileClaim{ID: c.ID, Text: c.Text, Status: c.Status, WhatWouldSettle: c.WhatWouldSettle, ReviewBy: c.ReviewBy}
	for _, l := range x.links[c.ID] {
		fc.Sources = append(fc.Sources, FileLink{Source: x.ref(l.Source), Stance: string(l.Stance)})
	}
	var err error
	for _, e := range x.evidence[c.ID] {
		if e.Withdrawn {
			continue
		}
		fe := FileEvidence{Summary: e.Summary, Stance: string(e.Stance), Quote: e.Quote}
		if e.SourceID != nil {
			if fe.Source, err = x.refByID(*e.SourceID); err != nil {
				return fc, err
			}
		}
		fc.Evidence = append(fc.Evidence, fe)
	}
	for _, a := range FirstAppearances(x.appeared[c.ID]) {
		fc.Appearances = append(fc.Appearances, FileAppearance{URL: a.URL, Outlet: a.Outlet, AppearedAt: a.AppearedAt, Claimant: a.Claimant})
	}
	if len(w.Phrases)+len(w.Numbers) > 0 {
		fw := &FileWatches{Phrases: w.Phrases}
		for _, n := range w.Numbers {
			fn := FileNumberWatch{Label: n.Label, Pattern: n.Pattern, Selector: n.Selector, Comparison: n.Comparison, Propose: n.Propose}
			if n.SourceID != nil {
				if fn.Source, err = x.refByID(*n.SourceID); err != nil {
					return fc, err
				}
			}
			fw.Numbers = append(fw.Numbers, fn)
		}
		fc.Watches = fw
	}
	return fc, nil
}
