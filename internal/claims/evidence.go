package claims

import "time"

// Stance says how evidence or a source bears on a claim.
type Stance string

// Stances.
const (
	StanceSupports Stance = "supports"
	StanceDisputes Stance = "disputes"
	StanceContext  Stance = "context"
)

// ParseStance returns the stance named s, or EINVALID.
func ParseStance(s string) (Stance, error) {
	switch Stance(s) {
	case StanceSupports, StanceDisputes, StanceContext:
		return Stance(s), nil
	}
	return "", Invalid("stance", "unknown stance %q; allowed: supports, disputes, context", s)
}

// Evidence is a piece of evidence on a claim.
type Evidence struct {
	ID       int64
	ClaimID  int64
	Summary  string
	Stance   Stance
	SourceID *int64
	// Quote is a passage quoted from the source, looked for on re-checks.
	Quote     string
	Actor     string
	ActorID   *int64
	Withdrawn bool
	CreatedAt time.Time
}
