package claims

import (
	"regexp"
	"strings"
	"time"
)

// Story is a contested news story, split into claims.
type Story struct {
	ID           int64
	Slug         string
	Title        string
	Summary      string
	Context      []QA
	Perspectives Perspectives
	// Facts are the established statements the story rests on, in order.
	Facts     []Fact
	Published bool
	// Version counts edits of the story's own fields (optimistic locking).
	Version int
	// Revision counts every write that changes what the story page shows
	// (its claims, evidence, sources, timeline); page caches key on it.
	Revision  int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// QA is one question-and-answer pair of a story's context.
type QA struct {
	Question string
	Answer   string
}

// Perspectives records what the sides agree on and where they split.
type Perspectives struct {
	Agree []string
	Split []string
}

// Empty reports whether there is nothing to show.
func (p Perspectives) Empty() bool { return len(p.Agree) == 0 && len(p.Split) == 0 }

// StorySummary is a story with its claim counts, for lists.
type StorySummary struct {
	Story
	Unresolved int
	Resolved   int
}

// StorySourcesShown is how many sources of one outlet kind the story page
// lists; the claims' own pages list the others.
const StorySourcesShown = 30

// StoryDetail is everything the public story page shows, gathered in one read.
type StoryDetail struct {
	Story  Story
	Claims []ClaimSummary
	// Sources are, of each outlet kind, the first StorySourcesShown
	// distinct sources linked to the story's claims, in the page's order
	// (kind, outlet, id): what the page lists, however many there are.
	Sources []Source
	// SourceCounts counts every distinct linked source by outlet kind.
	SourceCounts map[OutletKind]int
	// SourcesCheckedAt is the oldest last check among all the linked
	// sources the re-checker fetches (an address, checks not paused); nil
	// when none has been checked yet.
	SourcesCheckedAt *time.Time
	// Named are the linked sources that the story's facts and its claims'
	// newest events name, by id, listed or not.
	Named map[int64]Source
}

// ClaimSummary is a claim with what a card about it shows.
type ClaimSummary struct {
	Claim
	// Latest is the newest public timeline event of the claim that is news
	// to a reader (one of ReaderNews), if any.
	Latest *Event
	// Supporting, Disputing and Contextual count linked sources by stance.
	Supporting int
	Disputing  int
	Contextual int
	// SourcesCheckedAt is the oldest last-check time among the claim's
	// fetchable sources: "sources last checked" must not flatter.
	SourcesCheckedAt *time.Time
}

var slugStrip = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes a URL slug from a title: lower-case ASCII words joined by
// hyphens, at most 80 characters. Other characters separate words; editors
// can always choose a slug themselves.
func Slugify(title string) string {
	s := strings.Trim(slugStrip.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidSlug reports whether s may be used as a story slug.
func ValidSlug(s string) bool { return len(s) <= 80 && slugPattern.MatchString(s) }
