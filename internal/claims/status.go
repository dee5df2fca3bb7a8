package claims

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Status is one entry of the status vocabulary a claim can be in.
type Status struct {
	ID          string
	Label       string
	Description string
	// Resolved statuses settle a claim; open ones keep it under
	// "What remains unresolved".
	Resolved bool
	// Color is a CSS colour for the badge; empty means the built-in palette
	// for the id (or a neutral grey).
	Color string
	// Rating is the ClaimReview ratingValue (1 = worst) for resolved statuses.
	Rating int
}

// Vocabulary is the set of statuses in force. It is a value handed to the
// service, not a hard-coded enum, so operators can replace it.
type Vocabulary struct {
	list []Status
	byID map[string]Status
}

var statusIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// colorPattern accepts the colour syntaxes an operator may configure, and
// nothing that could end a CSS rule.
var colorPattern = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,30}|(rgb|hsl)a?\([0-9.,% ]{5,40}\))$`)

// ValidColor reports whether c is a colour a status may be drawn in.
func ValidColor(c string) bool { return colorPattern.MatchString(c) }

// maxRating bounds a status's ClaimReview rating.
const maxRating = 100

// NewVocabulary validates list (ids unique and well formed, labels present,
// at least one open and one resolved status) and returns it as a Vocabulary.
// The first open status is the default for new claims. Returns EINVALID.
func NewVocabulary(list []Status) (*Vocabulary, error) {
	v := &Vocabulary{byID: make(map[string]Status, len(list))}
	var open, resolved int
	for i, s := range list {
		if !statusIDPattern.MatchString(s.ID) {
			return nil, Errorf(EINVALID, "status %d: id %q must be lower-case letters, digits and underscores", i+1, s.ID)
		}
		if _, dup := v.byID[s.ID]; dup {
			return nil, Errorf(EINVALID, "status id %q is listed twice", s.ID)
		}
		if strings.TrimSpace(s.Label) == "" {
			return nil, Errorf(EINVALID, "status %q has no label", s.ID)
		}
		if s.Color != "" && !ValidColor(s.Color) {
			return nil, Errorf(EINVALID, "status %q: colour %q is not #rgb, #rrggbb, a colour name, rgb() or hsl()", s.ID, s.Color)
		}
		if s.Rating < 0 || s.Rating > maxRating {
			return nil, Errorf(EINVALID, "status %q: rating %d is outside 0 to %d", s.ID, s.Rating, maxRating)
		}
		if s.Resolved {
			resolved++
		} else {
			open++
		}
		v.byID[s.ID] = s
		v.list = append(v.list, s)
	}
	if open == 0 || resolved == 0 {
		return nil, Errorf(EINVALID, "the status vocabulary needs at least one open and one resolved status (has %d open, %d resolved)", open, resolved)
	}
	return v, nil
}

// DefaultStatuses is the vocabulary claimtrack ships with.
func DefaultStatuses() []Status {
	return []Status{
		{ID: "unverified", Label: "Unverified", Description: "Reported, but nobody has checked it independently yet."},
		{ID: "investigating", Label: "Investigating", Description: "Fact-checkers are working on it."},
		{ID: "disputed", Label: "Disputed", Description: "Credible sources contradict each other."},
		{ID: "confirmed", Label: "Confirmed", Description: "Independently verified.", Resolved: true, Rating: 5},
		{ID: "partly_confirmed", Label: "Partly confirmed", Description: "Some of it holds up, some does not or cannot be checked.", Resolved: true, Rating: 4},
		{ID: "refuted", Label: "Refuted", Description: "Shown to be false.", Resolved: true, Rating: 1},
		{ID: "retracted", Label: "Retracted", Description: "Withdrawn by the people who made it.", Resolved: true, Rating: 2},
		{ID: "inconclusive", Label: "Inconclusive", Description: "Checked as far as it can be; the evidence settles nothing.", Resolved: true, Rating: 3},
	}
}

// DefaultVocabulary returns the built-in vocabulary.
func DefaultVocabulary() *Vocabulary {
	v, err := NewVocabulary(DefaultStatuses())
	if err != nil {
		panic(err) // the built-in list is a programming constant
	}
	return v
}

// All returns the statuses in their configured order.
func (v *Vocabulary) All() []Status { return append([]Status(nil), v.list...) }

// IDs returns the status ids in their configured order.
func (v *Vocabulary) IDs() []string {
	ids := make([]string, len(v.list))
	for i, s := range v.list {
		ids[i] = s.ID
	}
	return ids
}

// Lookup returns the status with the given id, or EINVALID naming the allowed
// values.
func (v *Vocabulary) Lookup(id string) (Status, error) {
	if s, ok := v.byID[id]; ok {
		return s, nil
	}
	ids := v.IDs()
	sort.Strings(ids)
	return Status{}, &Error{
		Code:    EINVALID,
		Message: fmt.Sprintf("unknown status %q; allowed: %s", id, strings.Join(ids, ", ")),
		Fields:  map[string]string{"status": "must be one of " + strings.Join(ids, ", ")},
	}
}

// Get returns the status with the given id, or a placeholder that counts as
// open for ids no longer in the vocabulary, so old data still renders.
func (v *Vocabulary) Get(id string) Status {
	if s, ok := v.byID[id]; ok {
		return s
	}
	return Status{ID: id, Label: id}
}

// IsResolved reports whether id names a resolved status.
func (v *Vocabulary) IsResolved(id string) bool { return v.byID[id].Resolved }

// Default returns the status new claims start in: the first open one.
func (v *Vocabulary) Default() string {
	for _, s := range v.list {
		if !s.Resolved {
			return s.ID
		}
	}
	return v.list[0].ID
}

// maxListedClaims bounds how many claims an error about statuses in use
// names.
const maxListedClaims = 20

// CheckVocabulary returns EINVALID, naming the claims, when stored claims
// have a status the vocabulary in force no longer has: a status cannot be
// removed while claims use it.
func (s *Service) CheckVocabulary(ctx context.Context) error {
	stray, err := s.store.ClaimsOutsideStatuses(ctx, s.vocab.IDs(), maxListedClaims+1)
	if err != nil || len(stray) == 0 {
		return err
	}
	var lines []string
	for i, c := range stray {
		if i == maxListedClaims {
			lines = append(lines, "and more")
			break
		}
		lines = append(lines, fmt.Sprintf("claim %d (%q) is %q", c.ID, truncateText(c.Text, 60), c.Status))
	}
	return Errorf(EINVALID, "the status vocabulary lacks statuses that claims still use; add them back or move those claims first: %s",
		strings.Join(lines, "; "))
}

func truncateText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
