package reader

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/web/pages/view"
)

// CorrectionLine says that e changed one verdict into another: "Updated Dec
// 9: was Confirmed, now Partly confirmed"; empty for a first verdict.
func CorrectionLine(vocab *claims.Vocabulary, now time.Time, e claims.Event) string {
	if !vocab.IsCorrection(&e) {
		return ""
	}
	return "Updated " + view.ShortDate(now, e.At) + ": was " + vocab.Get(e.FromStatus).Label + ", now " + vocab.Get(e.ToStatus).Label
}

// AssignedWhat says to whom a claim_assigned event gave the claim.
func AssignedWhat(payload []byte) string {
	var p struct {
		Assignee string `json:"assignee"`
	}
	if json.Unmarshal(payload, &p) != nil || p.Assignee == "" {
		return "Assignment taken back"
	}
	return "Assigned to " + p.Assignee
}

// SafeLink returns u if it is an http or https URL, else "", so a stored
// address can never become a javascript: link.
func SafeLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

var stanceLabels = map[claims.Stance]string{
	claims.StanceSupports: "Supports",
	claims.StanceDisputes: "Disputes",
	claims.StanceContext:  "Context",
}

func StanceLabel(s claims.Stance) string {
	if l, ok := stanceLabels[s]; ok {
		return l
	}
	return string(s)
}
