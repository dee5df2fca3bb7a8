package claims

import (
	"context"
	"strings"
	"time"
)

// The parts of an import that bring one claim's links, evidence, watches
// and appearances in line with the file (see ImportStory).

// claimLinks makes the claim's source links those of the file.
func (im *importer) claimLinks(ctx context.Context, fc *FileClaim, c *Claim) error {
	type want struct {
		stance Stance
		line   int
	}
	wanted := map[int64]want{}
	for _, fl := range fc.Sources {
		src := im.srcByRef[fl.Source]
		if src == nil {
			return lineErr(fl.Line, "no source is named %q in the file's sources", fl.Source)
		}
		stance, err := ParseStance(strings.TrimSpace(fl.Stance))
		if err != nil {
			return lineErr(fl.Line, "%s", ErrorMessage(err))
		}
		wanted[src.ID] = want{stance, fl.Line}
	}
	current := map[int64]Stance{}
	for _, l := range im.links[c.ID] {
		current[l.ID] = l.Stance
		w, keep := wanted[l.ID]
		switch {
		case !keep:
			if err := im.s.UnlinkSource(ctx, im.actor, c.ID, l.ID, "Not in "+im.name); err != nil {
				return err
			}
			im.rep.change(fc.Line, "unlinked source %d (%s) from claim %d", l.ID, describeSource(&l.Source), c.ID)
		case w.stance != l.Stance:
			if err := im.s.UnlinkSource(ctx, im.actor, c.ID, l.ID, "Stance changed to "+string(w.stance)+"; "+im.note()); err != nil {
				return err
			}
		}
	}
	for _, fl := range fc.Sources {
		src := im.srcByRef[fl.Source]
		w := wanted[src.ID]
		if cur, ok := current[src.ID]; ok && cur == w.stance {
			continue
		}
		if err := im.link(ctx, c, src, w.stance); err != nil {
			return at(fl.Line, nil, err)
		}
		im.rep.change(fl.Line, "linked source %q to claim %d as %s", fl.Source, c.ID, w.stance)
		current[src.ID] = w.stance
	}
	return nil
}

// link links an existing source as LinkSource does; LinkSource itself
// would make a new source of every print source.
func (im *importer) link(ctx context.Context, c *Claim, src *Source, stance Stance) error {
	st := im.s.store
	if err := st.LinkSource(ctx, c.ID, src.ID, stance); err != nil {
		return err
	}
	now := im.s.Now()
	if err := st.RefetchSources(ctx, []int64{src.ID}, now); err != nil {
		return err
	}
	return st.AppendEvent(ctx, &Event{At: now, StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: ptr(src.ID),
		Kind: EventSourceLinked, Actor: im.actor.Name, ActorID: im.actor.id(), Public: true, Note: im.note(),
		Payload: mustJSON(map[string]any{"stance": string(stance), "url": src.URL, "outlet": src.Outlet})})
}

type evidenceKey struct {
	summary, stance, quote string
	source                 int64
}

// claimEvidence makes the claim's standing evidence that of the file.
// Evidence cannot be edited, so changed evidence is withdrawn and added anew.
func (im *importer) claimEvidence(ctx context.Context, fc *FileClaim, c *Claim) error {
	all, err := im.s.store.EvidenceByClaim(ctx, c.ID)
	if err != nil {
		return err
	}
	have := map[evidenceKey][]int64{}
	for _, e := range all {
		if !e.Withdrawn {
			k := evidenceKey{e.Summary, string(e.Stance), e.Quote, 0}
			if e.SourceID != nil {
				k.source = *e.SourceID
			}
			have[k] = append(have[k], e.ID)
		}
	}
	var add []int
	for i, fe := range fc.Evidence {
		k := evidenceKey{strings.TrimSpace(fe.Summary), strings.TrimSpace(fe.Stance), strings.TrimSpace(fe.Quote), 0}
		if fe.Source != "" {
			src := im.srcByRef[fe.Source]
			if src == nil {
				return lineErr(fe.Line, "no source is named %q in the file's sources", fe.Source)
			}
			k.source = src.ID
		}
		if ids := have[k]; len(ids) > 0 {
			have[k] = ids[1:]
			continue
		}
		add = append(add, i)
	}
	for _, e := range all {
		k := evidenceKey{e.Summary, string(e.Stance), e.Quote, 0}
		if e.SourceID != nil {
			k.source = *e.SourceID
		}
		if e.Withdrawn || !contains(have[k], e.ID) {
			continue
		}
		if _, err := im.s.WithdrawEvidence(ctx, im.actor, e.ID, "Not in "+im.name); err != nil {
			return err
		}
		im.rep.change(fc.Line, "withdrew evidence %d of claim %d", e.ID, c.ID)
	}
	for _, i := range add {
		fe := fc.Evidence[i]
		e, err := im.addEvidence(ctx, c, fe)
		if err != nil {
			return at(fe.Line, nil, err)
		}
		im.rep.change(fe.Line, "added evidence %d to claim %d", e.ID, c.ID)
	}
	return nil
}

// addEvidence adds evidence as AddEvidence does, but citing a source of
// the file by id (print sources have no address AddEvidence could take).
func (im *importer) addEvidence(ctx context.Context, c *Claim, fe FileEvidence) (*Evidence, error) {
	stance, err := ParseStance(strings.TrimSpace(fe.Stance))
	if err != nil {
		return nil, err
	}
	e := &Evidence{ClaimID: c.ID, Summary: strings.TrimSpace(fe.Summary), Stance: stance,
		Quote: strings.TrimSpace(fe.Quote), Actor: im.actor.Name, ActorID: im.actor.id()}
	if e.Summary == "" {
		return nil, Invalid("summary", "evidence needs a summary")
	}
	if len(e.Summary) > maxSummary || len(e.Quote) > maxSummary {
		return nil, Invalid("summary", "the evidence is longer than %d characters", maxSummary)
	}
	if fe.Source != "" {
		e.SourceID = ptr(im.srcByRef[fe.Source].ID)
	}
	st := im.s.store
	e.CreatedAt = im.s.Now()
	if err := st.CreateEvidence(ctx, e); err != nil {
		return nil, err
	}
	if e.SourceID != nil && e.Quote != "" {
		if err := st.RefetchSources(ctx, []int64{*e.SourceID}, e.CreatedAt); err != nil {
			return nil, err
		}
	}
	return e, st.AppendEvent(ctx, &Event{At: e.CreatedAt, StoryID: c.StoryID, ClaimID: ptr(c.ID), SourceID: e.SourceID,
		Kind: EventEvidenceAdded, Actor: im.actor.Name, ActorID: im.actor.id(), Note: e.Summary, Public: true,
		Payload: mustJSON(map[string]any{"evidence_id": e.ID, "stance": string(e.Stance)})})
}

// claimWatches sets the claim's watches when the file has them and they differ.
func (im *importer) claimWatches(ctx context.Context, fc *FileClaim, c *Claim) error {
	fw := fc.Watches
	if fw == nil {
		return nil
	}
	ws, err := im.s.store.WatchesByClaims(ctx, []int64{c.ID})
	if err != nil {
		return err
	}
	cur := ws[c.ID]
	in := WatchesInput{Version: cur.Version, Phrases: fw.Phrases}
	for _, n := range fw.Numbers {
		nw := NumberWatch{Label: n.Label, Pattern: n.Pattern, Selector: n.Selector, Comparison: n.Comparison, Propose: n.Propose}
		if n.Source != "" {
			src := im.srcByRef[n.Source]
			if src == nil {
				return lineErr(n.Line, "no source is named %q in the file's sources", n.Source)
			}
			nw.SourceID = ptr(src.ID)
		}
		in.Numbers = append(in.Numbers, nw)
	}
	want, err := im.s.normalizeWatches(c.ID, in)
	if err != nil {
		return at(fw.Line, nil, err)
	}
	if sameWatches(want, cur) {
		return nil
	}
	if _, err := im.s.SetWatches(ctx, im.actor, c.ID, in); err != nil {
		return at(fw.Line, nil, err)
	}
	im.rep.change(fw.Line, "set the watches of claim %d: %s", c.ID, want.describe())
	return nil
}

func sameWatches(a, b Watches) bool {
	if !sameStrings(a.Phrases, b.Phrases) || len(a.Numbers) != len(b.Numbers) {
		return false
	}
	for i := range a.Numbers {
		x, y := a.Numbers[i], b.Numbers[i]
		if x.Label != y.Label || x.Pattern != y.Pattern || x.Selector != y.Selector || x.Comparison != y.Comparison ||
			x.Propose != y.Propose || (x.SourceID == nil) != (y.SourceID == nil) || (x.SourceID != nil && *x.SourceID != *y.SourceID) {
			return false
		}
	}
	return true
}

type appearanceKey struct {
	url, outlet, claimant string
	at                    time.Time
}

func keyOfAppearance(a *Appearance) appearanceKey {
	k := appearanceKey{url: a.URL, outlet: a.Outlet, claimant: a.Claimant}
	if a.AppearedAt != nil {
		k.at = a.AppearedAt.UTC()
	}
	return k
}

// claimAppearances adds the file's appearances the claim lacks. An
// appearance is a record of where the claim was seen, not a judgement the
// file can revise, so those the file lacks are kept.
func (im *importer) claimAppearances(ctx context.Context, fc *FileClaim, c *Claim) error {
	if len(fc.Appearances) == 0 {
		return nil
	}
	all, err := im.s.store.AppearancesByClaim(ctx, c.ID)
	if err != nil {
		return err
	}
	have := map[appearanceKey]int{}
	for i := range all {
		have[keyOfAppearance(&all[i])]++
	}
	for _, fa := range fc.Appearances {
		in := NewAppearance{URL: fa.URL, Outlet: fa.Outlet, AppearedAt: fa.AppearedAt, Claimant: fa.Claimant}
		want, err := im.s.checkAppearance(c.ID, in)
		if err != nil {
			return at(fa.Line, nil, err)
		}
		if k := keyOfAppearance(want); have[k] > 0 {
			have[k]--
			continue
		}
		a, err := im.s.AddAppearance(ctx, c.ID, in)
		if err != nil {
			return at(fa.Line, nil, err)
		}
		im.rep.change(fa.Line, "added appearance %d (%s) to claim %d", a.ID, describeAppearance(a), c.ID)
	}
	return nil
}

func describeAppearance(a *Appearance) string {
	if a.URL != "" {
		return a.URL
	}
	return a.Outlet
}
