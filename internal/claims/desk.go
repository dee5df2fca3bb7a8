package claims

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// The fact-checker's desk: who works on which claim, the lists the editor's
// dashboard is made of, the order of a story's claims and its facts.

// ResolvedIDs lists the statuses that settle a claim.
func (v *Vocabulary) ResolvedIDs() []string {
	var out []string
	for _, st := range v.list {
		if st.Resolved {
			out = append(out, st.ID)
		}
	}
	return out
}

// Editor is someone a claim can be assigned to: an active user.
type Editor struct {
	ID   int64
	Name string
}

// ClaimQuery selects claims for lists.
type ClaimQuery struct {
	// AssigneeID keeps claims assigned to this user (0 = anyone's).
	AssigneeID int64
	// OpenOnly leaves out resolved and withdrawn claims.
	OpenOnly bool
	// IDs keeps only these claims (nil = all).
	IDs []int64
	// Statuses, when set, keeps the standing claims in one of these
	// statuses.
	Statuses []string
	// PublishedOnly keeps the claims of published stories.
	PublishedOnly bool
	// Page pages newest first by id; a zero Limit reads every match.
	Page Page
}

// ClaimRef is a claim with the story it belongs to, for lists that name both.
type ClaimRef struct {
	Claim
	StorySlug      string
	StoryTitle     string
	StoryPublished bool
}

// DeskStore is what the desk needs from storage.
type DeskStore interface {
	// Editors returns the active users, by name.
	Editors(ctx context.Context) ([]Editor, error)
	// ListClaims returns the claims matching q, newest first, each with its
	// story; resolved lists the statuses that count as resolved.
	ListClaims(ctx context.Context, q ClaimQuery, resolved []string) ([]ClaimRef, error)
	// SetClaimPositions numbers a story's claims in the given order.
	SetClaimPositions(ctx context.Context, storyID int64, ids []int64) error
}

// Editors returns who claims can be assigned to.
func (s *Service) Editors(ctx context.Context) ([]Editor, error) { return s.store.Editors(ctx) }

// ListClaims returns claims with their stories (see ClaimQuery); a
// non-zero page limit is clamped into range.
func (s *Service) ListClaims(ctx context.Context, q ClaimQuery) ([]ClaimRef, error) {
	if q.Page.Limit != 0 || q.Page.Before != 0 {
		q.Page = q.Page.Normalize()
	}
	return s.store.ListClaims(ctx, q, s.vocab.ResolvedIDs())
}

// assigneeName checks that id is an active editor and returns the name.
// EINVALID otherwise.
func (s *Service) assigneeName(ctx context.Context, id int64) (string, error) {
	eds, err := s.store.Editors(ctx)
	if err != nil {
		return "", err
	}
	for _, e := range eds {
		if e.ID == id {
			return e.Name, nil
		}
	}
	return "", Invalid("assignee_id", "user %d is not an active editor", id)
}

// assignEvent is the internal event of a change of assignee.
func (s *Service) assignEvent(ctx context.Context, ev Event, before, after *int64) (*Event, error) {
	name := ""
	if after != nil {
		var err error
		if name, err = s.assigneeName(ctx, *after); err != nil {
			return nil, err
		}
	}
	e := ev
	e.Kind, e.Public = EventClaimAssigned, false
	e.Payload = mustJSON(map[string]any{"old_assignee_id": before, "new_assignee_id": after, "assignee": name})
	return &e, nil
}

func sameID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// ReorderClaims puts a story's claims in the order given (every claim of
// the story, each once). ENOTFOUND; EINVALID for a list that is not the
// story's claims.
func (s *Service) ReorderClaims(ctx context.Context, slug string, ids []int64) error {
	var st *Story
	return s.write(ctx, func() StoryChange { return WholeStory(st.ID) }, func(ctx context.Context) error {
		var err error
		if st, err = s.store.StoryBySlug(ctx, slug); err != nil {
			return err
		}
		cs, err := s.store.ClaimsByStory(ctx, st.ID)
		if err != nil {
			return err
		}
		have := make(map[int64]bool, len(cs))
		for _, c := range cs {
			have[c.ID] = true
		}
		if len(ids) != len(cs) {
			return Invalid("order", "the new order must list each of the story's %d claims once", len(cs))
		}
		for _, id := range ids {
			if !have[id] {
				return Invalid("order", "the new order must list each of the story's %d claims once", len(cs))
			}
			delete(have, id)
		}
		return s.store.SetClaimPositions(ctx, st.ID, ids)
	})
}

// Fact is one established statement a story rests on, with the sources
// that back it.
type Fact struct {
	Text      string
	SourceIDs []int64
}

// maxFacts bounds a story's list of facts.
const maxFacts = 50

// checkFacts trims and validates facts against the sources linked to the
// story's claims (a fact cites what readers find in the sources list).
func (s *Service) checkFacts(ctx context.Context, storyID int64, facts []Fact) ([]Fact, error) {
	if len(facts) > maxFacts {
		return nil, Invalid("facts", "a story has at most %d facts", maxFacts)
	}
	linked := map[int64]bool{}
	var cited []int64
	for _, f := range facts {
		cited = append(cited, f.SourceIDs...)
	}
	if len(cited) > 0 && storyID != 0 {
		// Only the cited sources are looked up, however many the story has.
		srcs, err := s.store.StorySources(ctx, storyID, cited)
		if err != nil {
			return nil, err
		}
		for _, src := range srcs {
			linked[src.ID] = true
		}
	}
	out := make([]Fact, 0, len(facts))
	for i, f := range facts {
		f.Text = strings.TrimSpace(f.Text)
		switch {
		case f.Text == "":
			return nil, Invalid("facts", "fact %d needs its text", i+1)
		case len(f.Text) > maxSummary:
			return nil, Invalid("facts", "fact %d is longer than %d characters", i+1, maxSummary)
		}
		seen := map[int64]bool{}
		ids := []int64{}
		for _, id := range f.SourceIDs {
			if !linked[id] {
				return nil, Invalid("facts", "fact %d cites source %d, which no claim of this story links", i+1, id)
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		f.SourceIDs = ids
		out = append(out, f)
	}
	return out, nil
}

func sameFacts(a, b []Fact) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text || len(a[i].SourceIDs) != len(b[i].SourceIDs) {
			return false
		}
		for j := range a[i].SourceIDs {
			if a[i].SourceIDs[j] != b[i].SourceIDs[j] {
				return false
			}
		}
	}
	return true
}

// AddClaims adds several claims to a story at once, in order, all or none
// (fast entry: an editor pastes a list, one claim a line). An error names
// the line it is about. ENOTFOUND, EINVALID.
func (s *Service) AddClaims(ctx context.Context, actor Actor, storyID int64, in []NewClaim) ([]Claim, error) {
	out := make([]Claim, 0, len(in))
	err := s.tx(ctx, func(ctx context.Context) error {
		for i, nc := range in {
			c, err := s.AddClaim(ctx, actor, storyID, nc)
			if err != nil {
				if len(in) > 1 {
					return onLine(err, i+1)
				}
				return err
			}
			out = append(out, *c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// onLine prefixes a validation error with the line it is about.
func onLine(err error, line int) error {
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != EINVALID {
		return err
	}
	out := &Error{Code: ce.Code, Message: fmt.Sprintf("line %d: %s", line, ce.Message)}
	if len(ce.Fields) > 0 {
		out.Fields = map[string]string{}
		for k, v := range ce.Fields {
			out.Fields[k] = fmt.Sprintf("line %d: %s", line, v)
		}
	}
	return out
}

// mustBeLinked checks that a source is linked to the claim. EINVALID.
func (s *Service) mustBeLinked(ctx context.Context, claimID, sourceID int64) error {
	linked, err := s.store.SourcesByClaim(ctx, claimID)
	if err != nil {
		return err
	}
	for _, ls := range linked {
		if ls.ID == sourceID {
			return nil
		}
	}
	return Invalid("source_id", "choose one of the sources linked to this claim")
}

// AddEvidenceLinking links a new source to the claim and adds evidence
// citing it, in one step: both or neither. With link nil it is AddEvidence.
// ENOTFOUND, EINVALID, ECONFLICT (already linked: pick it instead).
func (s *Service) AddEvidenceLinking(ctx context.Context, actor Actor, claimID int64, link *NewSourceLink, in NewEvidence) (*Evidence, error) {
	if link == nil {
		return s.AddEvidence(ctx, actor, claimID, in)
	}
	var e *Evidence
	err := s.tx(ctx, func(ctx context.Context) error {
		ls, err := s.LinkSource(ctx, actor, claimID, *link)
		if err != nil {
			return err
		}
		in.SourceURL, in.SourceID = "", ls.ID
		e, err = s.AddEvidence(ctx, actor, claimID, in)
		return err
	})
	return e, err
}

// facts names the sources the story's facts cite by the refs the claims
// gave them; a source no standing claim links any more is left out, as the
// story page leaves it out.
func (x *exporter) facts(facts []Fact) []FileFact {
	var out []FileFact
	for _, f := range facts {
		ff := FileFact{Text: f.Text}
		for _, id := range f.SourceIDs {
			if r, ok := x.refs[id]; ok {
				ff.Sources = append(ff.Sources, r)
			}
		}
		out = append(out, ff)
	}
	return out
}

// facts brings the story's facts in line with the file's, once the claims
// have linked the sources they cite.
func (im *importer) facts(ctx context.Context) error {
	want := make([]Fact, 0, len(im.f.Facts))
	for _, ff := range im.f.Facts {
		f := Fact{Text: strings.TrimSpace(ff.Text)}
		for _, ref := range ff.Sources {
			src, ok := im.srcByRef[ref]
			if !ok {
				return lineErr(ff.Line, "no source is named %q in the file's sources", ref)
			}
			f.SourceIDs = append(f.SourceIDs, src.ID)
		}
		want = append(want, f)
	}
	if sameFacts(want, im.story.Facts) {
		return nil
	}
	line := firstLine(im.f.Lines, "facts", "title")
	st, err := im.s.UpdateStory(ctx, im.actor, im.story.Slug, StoryPatch{Facts: &want, Version: im.story.Version})
	if err != nil {
		return at(line, im.f.Lines, err)
	}
	im.story = st
	im.rep.change(line, "changed the story's facts")
	return nil
}
