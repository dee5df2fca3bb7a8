package claims

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"time"
)

// ImportStory makes the story that f describes match the file, in one
// transaction, and reports what it changed. name is the file's name, used
// in the notes of the timeline events it writes ("Imported from name").
//
// The story is found by slug and created when absent. A claim of the file
// updates the standing claim it names by ID if that claim still has the
// same text, else the standing claim with exactly its text, else the claim
// its ID names (a reworded claim), and is added otherwise. Claims of the
// story the file does not list are left as they are. For every claim it
// lists, the file is the whole truth about the claim's source links and
// evidence: links it lacks are ended and evidence it lacks is withdrawn
// (both stay on the record), with a note naming the file. Watches change
// only when the file has a watches entry for the claim. Appearances the
// claim lacks are added; those the file lacks are kept. A status change
// goes through UpdateClaim like an editor's, with the note. Sources are
// found by normalised URL (print sources, which have none, by outlet, kind
// and title among the story's); a known source's details are kept.
//
// A file, or the story it leaves behind, may hold at most MaxStoryClaims
// claims, MaxStorySources sources and MaxStoryEvidence pieces of evidence.
//
// Nothing is written when the file matches the story. Every problem with
// the file is a *FileError naming the line, and then nothing is written
// at all. ECONFLICT when someone else changed the story during the import.
func (s *Service) ImportStory(ctx context.Context, actor Actor, name string, f *StoryFile) (*ImportReport, error) {
	if strings.TrimSpace(name) == "" {
		name = "an import file"
	}
	if err := checkFileVolume(f); err != nil {
		return nil, err
	}
	im := &importer{s: s, actor: actor, f: f, name: name, rep: &ImportReport{}}
	if err := s.tx(ctx, im.run); err != nil {
		return nil, err
	}
	return im.rep, nil
}

// importer is one run of ImportStory.
type importer struct {
	s     *Service
	actor Actor
	f     *StoryFile
	name  string
	rep   *ImportReport
	story *Story
	// links are the current source links of the story's standing claims.
	links    map[int64][]LinkedSource
	srcByRef map[string]*Source
}

func (im *importer) note() string { return "Imported from " + im.name }

func (im *importer) run(ctx context.Context) error {
	if err := im.storyFields(ctx); err != nil {
		return err
	}
	store := im.s.store
	all, err := store.ClaimsByStory(ctx, im.story.ID)
	if err != nil {
		return err
	}
	var standing []*Claim
	im.links = map[int64][]LinkedSource{}
	for i := range all {
		if all[i].Withdrawn {
			continue
		}
		standing = append(standing, &all[i])
		if im.links[all[i].ID], err = store.SourcesByClaim(ctx, all[i].ID); err != nil {
			return err
		}
	}
	if err := im.sources(ctx); err != nil {
		return err
	}
	matched := matchClaims(im.f.Claims, standing)
	if err := im.checkStoryVolume(ctx, standing, matched); err != nil {
		return err
	}
	used := map[int64]bool{}
	for i := range im.f.Claims {
		if matched[i] != nil {
			used[matched[i].ID] = true
		}
		if err := im.claim(ctx, &im.f.Claims[i], matched[i]); err != nil {
			return err
		}
	}
	for _, c := range standing {
		if !used[c.ID] {
			im.rep.keep(0, "claim %d (%q) is not in the file; left as it is", c.ID, truncateText(c.Text, 60))
		}
	}
	if err := im.facts(ctx); err != nil {
		return err
	}
	if im.rep.Changed() {
		return im.s.touch(ctx, WholeStory(im.story.ID))
	}
	return nil
}

// storyFields creates the story or brings its own fields in line.
func (im *importer) storyFields(ctx context.Context) error {
	f := im.f
	slug := strings.TrimSpace(f.Slug)
	if slug == "" {
		slug = Slugify(f.Title)
	}
	if !ValidSlug(slug) {
		return lineErr(firstLine(f.Lines, "slug", "title"), "a slug is lower-case letters, digits and single hyphens, at most 80 characters")
	}
	im.rep.Slug = slug
	st, err := im.s.store.StoryBySlug(ctx, slug)
	if IsNotFound(err) {
		st, err = im.s.CreateStory(ctx, im.actor, NewStory{Slug: slug, Title: f.Title, Summary: f.Summary,
			Context: f.Context, Perspectives: f.Perspectives, Published: f.Published != nil && *f.Published})
		if err != nil {
			return at(firstLine(f.Lines, "title"), f.Lines, err)
		}
		im.story, im.rep.StoryID, im.rep.Created = st, st.ID, true
		im.rep.change(firstLine(f.Lines, "slug", "title"), "created story %q", slug)
		return nil
	}
	if err != nil {
		return err
	}
	im.story, im.rep.StoryID = st, st.ID
	p := StoryPatch{Version: st.Version}
	changed := false
	if title := strings.TrimSpace(f.Title); title != st.Title {
		p.Title, changed = &title, true
		im.rep.change(f.Lines["title"], "changed the story's title")
	}
	if summary := strings.TrimSpace(f.Summary); summary != st.Summary {
		p.Summary, changed = &summary, true
		im.rep.change(f.Lines["summary"], "changed the story's summary")
	}
	if !sameQA(f.Context, st.Context) {
		p.Context, changed = &f.Context, true
		im.rep.change(f.Lines["context"], "changed the story's context")
	}
	if !sameStrings(f.Perspectives.Agree, st.Perspectives.Agree) || !sameStrings(f.Perspectives.Split, st.Perspectives.Split) {
		p.Perspectives, changed = &f.Perspectives, true
		im.rep.change(f.Lines["perspectives"], "changed the story's perspectives")
	}
	if f.Published != nil && *f.Published != st.Published {
		p.Published, changed = f.Published, true
		verb := "published"
		if !*f.Published {
			verb = "unpublished"
		}
		im.rep.change(f.Lines["published"], "%s the story", verb)
	}
	if !changed {
		return nil
	}
	if im.story, err = im.s.UpdateStory(ctx, im.actor, slug, p); err != nil {
		return at(firstLine(f.Lines, "title"), f.Lines, err)
	}
	return nil
}

// matchClaims pairs the file's claims with the story's standing claims:
// first by id with unchanged text, then by exact text, then by id alone
// (the claim was reworded in the file). Unpaired file claims are new.
func matchClaims(fcs []FileClaim, standing []*Claim) []*Claim {
	out := make([]*Claim, len(fcs))
	byID := map[int64]*Claim{}
	for _, c := range standing {
		byID[c.ID] = c
	}
	used := map[int64]bool{}
	take := func(i int, c *Claim) {
		if c != nil && !used[c.ID] && out[i] == nil {
			out[i], used[c.ID] = c, true
		}
	}
	for i, fc := range fcs {
		if c := byID[fc.ID]; c != nil && c.Text == strings.TrimSpace(fc.Text) {
			take(i, c)
		}
	}
	for i, fc := range fcs {
		for _, c := range standing {
			if out[i] == nil && !used[c.ID] && c.Text == strings.TrimSpace(fc.Text) {
				take(i, c)
			}
		}
	}
	for i, fc := range fcs {
		take(i, byID[fc.ID])
	}
	return out
}

// claim creates or updates one claim, then its links, evidence, appearances
// and watches.
func (im *importer) claim(ctx context.Context, fc *FileClaim, c *Claim) error {
	var err error
	if c == nil {
		c, err = im.s.AddClaim(ctx, im.actor, im.story.ID, NewClaim{Text: fc.Text, Status: fc.Status,
			WhatWouldSettle: fc.WhatWouldSettle, Note: im.note()})
		if err != nil {
			return at(fc.Line, fc.Lines, err)
		}
		im.rep.change(fc.Line, "added claim %d (%q) as %s", c.ID, truncateText(c.Text, 60), c.Status)
		if fc.ReviewBy != nil {
			if c, err = im.s.UpdateClaim(ctx, im.actor, c.ID, ClaimPatch{ReviewBy: fc.ReviewBy, Version: c.Version}); err != nil {
				return at(fc.Line, fc.Lines, err)
			}
		}
	} else if c, err = im.claimFields(ctx, fc, c); err != nil {
		return err
	}
	if err := im.claimLinks(ctx, fc, c); err != nil {
		return err
	}
	if err := im.claimEvidence(ctx, fc, c); err != nil {
		return err
	}
	if err := im.claimAppearances(ctx, fc, c); err != nil {
		return err
	}
	return im.claimWatches(ctx, fc, c)
}

func (im *importer) claimFields(ctx context.Context, fc *FileClaim, c *Claim) (*Claim, error) {
	p := ClaimPatch{Version: c.Version, Note: im.note()}
	changed := false
	if text := strings.TrimSpace(fc.Text); text != c.Text {
		p.Text, changed = &text, true
		im.rep.change(firstLine(fc.Lines, "text"), "reworded claim %d", c.ID)
	}
	if settle := strings.TrimSpace(fc.WhatWouldSettle); settle != c.WhatWouldSettle {
		p.WhatWouldSettle, changed = &settle, true
		im.rep.change(firstLine(fc.Lines, "what_would_settle"), "changed what would settle claim %d", c.ID)
	}
	if status := strings.TrimSpace(fc.Status); status != "" && status != c.Status {
		p.Status, changed = &status, true
		im.rep.change(firstLine(fc.Lines, "status"), "moved claim %d from %s to %s", c.ID, c.Status, status)
	}
	want := fc.ReviewBy
	if want != nil {
		want = ptr(want.UTC().Truncate(time.Microsecond))
	}
	if !sameTime(want, c.ReviewBy) {
		changed = true
		if want == nil {
			p.ReviewBy = &time.Time{}
			im.rep.change(fc.Line, "cleared the review date of claim %d", c.ID)
		} else {
			p.ReviewBy = want
			im.rep.change(firstLine(fc.Lines, "review_by"), "set the review date of claim %d to %s", c.ID, want.Format(time.RFC3339))
		}
	}
	if !changed {
		return c, nil
	}
	c, err := im.s.UpdateClaim(ctx, im.actor, c.ID, p)
	if err != nil {
		return nil, at(fc.Line, fc.Lines, err)
	}
	return c, nil
}

func sameStrings(a, b []string) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func sameQA(a, b []QA) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// lineErr is a problem with the file at a line.
func lineErr(line int, format string, args ...any) error {
	return &FileError{Problems: []FileLine{{Line: line, Message: Errorf(EINVALID, format, args...).Message}}}
}

// at turns the domain's verdict on an item of the file into a FileError at
// the item's line (or at the line of the field at fault, when lines has
// it). Conflicts and internal errors pass through unchanged.
func at(line int, lines map[string]int, err error) error {
	var fe *FileError
	if err == nil || errors.As(err, &fe) {
		return err
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != EINVALID {
		return err
	}
	for field := range ce.Fields {
		if l := lines[field]; l != 0 {
			line = l
		}
	}
	return &FileError{Problems: []FileLine{{Line: line, Message: ce.Message}}}
}

// firstLine returns the line of the first of fields that lines has.
func firstLine(lines map[string]int, fields ...string) int {
	for _, f := range fields {
		if l := lines[f]; l != 0 {
			return l
		}
	}
	return 0
}
