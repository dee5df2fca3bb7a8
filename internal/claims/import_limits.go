package claims

import (
	"context"
	"fmt"
)

// Volume caps of a story. One file of 60,000 claims held SQLite's write
// lock for 12 seconds and made a 25 MB public page; the longest real story
// has a few dozen claims. Imports check all three per file and for the story
// they leave behind (its claims the file does not list included); the claim
// cap also holds for claims added one by one (AddClaim).
const (
	MaxStoryClaims   = 500
	MaxStorySources  = 500
	MaxStoryEvidence = 500
)

// checkFileVolume refuses a file with more claims, sources or evidence
// than a story may hold, naming the line of the first item over the cap,
// before anything is read or written.
func checkFileVolume(f *StoryFile) error {
	var problems []FileLine
	over := func(n, max int, line int, what string) {
		if n > max {
			problems = append(problems, FileLine{Line: line, Message: fmt.Sprintf(
				"the file has %d %s; a story holds at most %d (this is the first one over)", n, what, max)})
		}
	}
	if n := len(f.Claims); n > MaxStoryClaims {
		over(n, MaxStoryClaims, f.Claims[MaxStoryClaims].Line, "claims")
	}
	if n := len(f.Sources); n > MaxStorySources {
		over(n, MaxStorySources, f.Sources[MaxStorySources].Line, "sources")
	}
	n, line := 0, 0
	for _, c := range f.Claims {
		for _, e := range c.Evidence {
			n++
			if n == MaxStoryEvidence+1 {
				line = e.Line
			}
		}
	}
	over(n, MaxStoryEvidence, line, "pieces of evidence")
	if len(problems) > 0 {
		return &FileError{Problems: problems}
	}
	return nil
}

// checkStoryVolume refuses an import that would leave the story with more
// claims, sources or evidence than the caps: the file's, plus what the
// story's claims that the file does not list keep. matched[i] is the
// standing claim the file's i-th claim updates (nil: a new claim).
func (im *importer) checkStoryVolume(ctx context.Context, standing []*Claim, matched []*Claim) error {
	listed := map[int64]bool{}
	for _, m := range matched {
		if m != nil {
			listed[m.ID] = true
		}
	}
	claimsLeft, evidence := len(im.f.Claims), 0
	sources := map[int64]bool{}
	for _, c := range im.f.Claims {
		evidence += len(c.Evidence)
		for _, l := range c.Sources {
			if src := im.srcByRef[l.Source]; src != nil {
				sources[src.ID] = true
			}
		}
	}
	for _, c := range standing {
		if listed[c.ID] {
			continue
		}
		claimsLeft++
		for _, l := range im.links[c.ID] {
			sources[l.Source.ID] = true
		}
		evs, err := im.s.store.EvidenceByClaim(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, e := range evs {
			if !e.Withdrawn {
				evidence++
			}
		}
	}
	for _, c := range []struct {
		n, max int
		what   string
	}{{claimsLeft, MaxStoryClaims, "claims"}, {len(sources), MaxStorySources, "sources"}, {evidence, MaxStoryEvidence, "pieces of evidence"}} {
		if c.n > c.max {
			return lineErr(firstLine(im.f.Lines, "slug", "title"),
				"the story would have %d %s after this import (with those of its claims the file does not list); a story holds at most %d",
				c.n, c.what, c.max)
		}
	}
	return nil
}
